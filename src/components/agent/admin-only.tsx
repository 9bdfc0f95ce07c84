import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { ShieldAlert } from 'lucide-react';
import { AGENT_PATHS } from '@/server/links';

/** What an agent sees at /agent/admin: the agent view's own page saying it is for admins, not a bare 404. */
export async function AdminOnly() {
  const t = await getTranslations('agentsWork.adminOnly');
  return (
    <div className="mx-auto w-full max-w-xl px-4 py-16 text-center" data-testid="admin-only">
      <ShieldAlert aria-hidden="true" className="mx-auto size-10 text-slate-400" />
      <h1 className="mt-4 text-2xl font-semibold text-slate-900">{t('title')}</h1>
      <p className="mt-3 text-slate-600">{t('body')}</p>
      <Link
        href={AGENT_PATHS.queue}
        className="mt-6 inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700"
      >
        {t('back')}
      </Link>
    </div>
  );
}
