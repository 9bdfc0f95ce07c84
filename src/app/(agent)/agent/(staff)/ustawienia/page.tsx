import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { currentPrincipal, requireAgentArea } from '@/server/auth/guards';
import { getOwnSettings } from '@/server/admin/team';
import { SettingsForm } from '@/components/agent/settings/settings-form';
import { saveOwnSettings } from './actions';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('agentSettings');
  return { title: t('title') };
}

/** /agent/ustawienia: the signed-in agent's or admin's own name, language and e-mail notifications. */
export default async function AgentSettingsPage() {
  await requireAgentArea();
  const [t, tr, settings] = await Promise.all([
    getTranslations('agentSettings'),
    getTranslations('agent.roles'),
    getOwnSettings(await currentPrincipal()),
  ]);
  if (!settings) notFound();

  return (
    <>
      <div className="mx-auto max-w-3xl px-4 py-8 sm:px-6 lg:px-8 lg:py-10">
        <p className="text-sm font-medium text-brand-700">{t('eyebrow')}</p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">{t('title')}</h1>
        <p className="mt-2 text-sm text-slate-500">{t('lead', { email: settings.email, role: tr(settings.role) })}</p>
        <div className="mt-6">
          <SettingsForm
            action={saveOwnSettings}
            initial={{
              name: settings.name,
              locale: settings.locale,
              notifyNewTickets: settings.notifyNewTickets,
              notifyAssignedReplies: settings.notifyAssignedReplies,
              notifyDigest: settings.notifyDigest,
            }}
          />
        </div>
      </div>
    </>
  );
}
