import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { AGENT_PATHS } from '@/server/links';

export default async function AgentTicketNotFound() {
  const t = await getTranslations('agent.ticket.notFound');
  return (
    <div className="mx-auto w-full max-w-xl px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">{t('title')}</h1>
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
