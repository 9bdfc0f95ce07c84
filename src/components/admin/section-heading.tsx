import { cn } from '@/lib/cn';

/** The heading every admin section opens with (the admin layout already shows "Administracja" as the h1). */
export function AdminSectionHeading({ title, lead, className }: { title: string; lead: string; className?: string }) {
  return (
    <div className={cn('max-w-3xl', className)}>
      <h2 className="text-lg font-semibold tracking-tight text-slate-900">{title}</h2>
      <p className="mt-1 text-sm text-slate-600">{lead}</p>
    </div>
  );
}
