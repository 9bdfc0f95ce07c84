import { getTranslations } from 'next-intl/server';
import { requireAgentArea } from '@/server/auth/guards';
import { canAccessAdmin } from '@/server/auth/policy';
import { principalFrom } from '@/server/auth/principal';
import { AdminOnly } from '@/components/agent/admin-only';
import { NavLink } from '@/components/ui/nav-link';
import { AGENT_PATHS } from '@/server/links';

export const dynamic = 'force-dynamic';

/**
 * The admin area's chrome: a heading and one tab per settings page. Admins only: an agent gets a page in the agent
 * view that says so (and each page's own requireAdminArea stops its data; not-found.tsx says the same).
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requireAgentArea();
  if (!canAccessAdmin(principalFrom({ viewer }))) return <AdminOnly />;
  const t = await getTranslations('agent.admin');
  const tPrivacy = await getTranslations('rodo.admin');
  const tabs = [
    [AGENT_PATHS.team, t('tabs.agents')],
    [AGENT_PATHS.categories, t('tabs.categories')],
    [AGENT_PATHS.canned, t('tabs.canned')],
    [AGENT_PATHS.sla, t('tabs.sla')],
    [AGENT_PATHS.hours, t('tabs.hours')],
    [AGENT_PATHS.apiTokens, t('tabs.apiTokens')],
    [AGENT_PATHS.outbox, t('tabs.outbox')],
    [AGENT_PATHS.privacy, tPrivacy('tab')],
  ] as const;

  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 lg:px-8 lg:py-10">
      <p className="text-sm font-medium text-brand-700">{t('eyebrow')}</p>
      <h1 className="mt-1 text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">{t('title')}</h1>
      <nav aria-label={t('tabs.label')} className="mt-5 -mx-4 overflow-x-auto border-b border-slate-200 px-4 sm:mx-0 sm:px-0">
        <div className="flex min-w-max gap-1 pb-2">
          {tabs.map(([href, label]) => (
            <NavLink key={href} href={href}>
              {label}
            </NavLink>
          ))}
        </div>
      </nav>
      <div className="mt-6">{children}</div>
    </div>
  );
}
