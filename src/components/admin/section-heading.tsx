/** The heading every admin section opens with (the admin layout already shows "Administracja" as the h1). */
export function AdminSectionHeading({ title, lead, narrow = false }: { title: string; lead: string; narrow?: boolean }) {
  return (
    <div className={narrow ? 'max-w-2xl' : 'max-w-3xl'}>
      <h2 className="text-lg font-semibold tracking-tight text-slate-900">{title}</h2>
      <p className="mt-1 text-sm text-slate-600">{lead}</p>
    </div>
  );
}
