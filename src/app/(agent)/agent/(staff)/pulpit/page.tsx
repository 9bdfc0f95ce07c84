import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { dashboardFor } from '@/server/agent/dashboard';
import { currentPrincipal, requireAgentArea } from '@/server/auth/guards';
import { ChatPanel } from '@/components/agent/dashboard/chat-panel';
import { KpiCards } from '@/components/agent/dashboard/kpi-cards';
import { PhonePanel } from '@/components/agent/dashboard/phone-panel';
import { NewTicketsChart } from '@/components/agent/dashboard/new-tickets-chart';
import { SlaByPlan } from '@/components/agent/dashboard/sla-by-plan';
import { StatusMatrix } from '@/components/agent/dashboard/status-matrix';
import { Workload } from '@/components/agent/dashboard/workload';
import { kbStats } from '@/server/kb/stats';
import { phoneFigures } from '@/server/phone/figures';
import { KbStatsCards } from '@/components/kb/kb-stats-cards';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('dashboard');
  return { title: t('metaTitle') };
}

/** /agent/pulpit: the team's dashboard, read with one call to the domain (two queries, see dashboardFor). */
export default async function DashboardPage() {
  await requireAgentArea();
  const principal = await currentPrincipal();
  const [data, kb, phone] = await Promise.all([dashboardFor(principal), kbStats(principal), phoneFigures(principal)]);
  if (!data || !kb || !phone) notFound();
  const [t, tk, format] = await Promise.all([getTranslations('dashboard'), getTranslations('kbStats'), getFormatter()]);
  const day = (value: string) => format.dateTime(new Date(`${value}T12:00:00Z`), { day: 'numeric', month: 'long' });

  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
      <header className="flex flex-wrap items-end justify-between gap-x-6 gap-y-2">
        <div>
          <p className="text-sm font-medium text-brand-700">{t('eyebrow')}</p>
          <h1 className="mt-1 text-2xl font-bold tracking-tight text-slate-900">{t('title')}</h1>
          <p className="mt-1 text-sm text-slate-600">{t('lead', { days: data.window.days })}</p>
        </div>
        <p className="text-xs text-slate-500">
          {t('asOf', { time: format.dateTime(data.window.to, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) })}
        </p>
      </header>

      <div className="mt-6 space-y-4 sm:space-y-6">
        <KpiCards data={data} />
        <div className="grid gap-4 sm:gap-6 lg:grid-cols-3">
          <NewTicketsChart perDay={data.perDay} />
          <SlaByPlan sla={data.sla} />
        </div>
        <div className="grid gap-4 sm:gap-6 lg:grid-cols-3">
          <StatusMatrix open={data.open} />
          <Workload workload={data.workload} />
        </div>
        <ChatPanel chat={data.chat} />
        <PhonePanel phone={phone} />
        <section aria-labelledby="kb-stats-title" className="space-y-3">
          <h2 id="kb-stats-title" className="text-lg font-semibold tracking-tight text-slate-900">
            {tk('title')}
          </h2>
          <KbStatsCards stats={kb} />
        </section>
        <p className="text-xs text-slate-500">
          {t('windowNote', { days: data.window.days, from: day(data.window.firstDay), to: day(data.window.lastDay) })}
        </p>
      </div>
    </div>
  );
}
