import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Users } from 'lucide-react';
import { supportTeam } from '@/server/agent/queue';
import { requireAdminArea } from '@/server/auth/guards';
import { principalFrom } from '@/server/auth/principal';
import { UserAvatar } from '@/components/auth/user-avatar';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('agent.admin');
  return { title: t('title') };
}

/** /agent/admin: admins only (agents get a 404). A placeholder: the team, read-only, until settings land. */
export default async function AdminPage() {
  const viewer = await requireAdminArea();
  const team = (await supportTeam(principalFrom({ viewer }))) ?? [];
  const t = await getTranslations('agent.admin');
  const tr = await getTranslations('agent.roles');

  return (
    <div className="mx-auto max-w-4xl px-4 py-8 sm:px-6 lg:px-8 lg:py-10">
      <p className="text-sm font-medium text-brand-700">{t('eyebrow')}</p>
      <h1 className="mt-1 text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">{t('title')}</h1>
      <p className="mt-2 text-base text-slate-600">{t('lead')}</p>

      <Alert tone="info" className="mt-6" title={t('placeholderTitle')}>
        {t('placeholderBody')}
      </Alert>

      <Card className="mt-6">
        <section aria-labelledby="team-title">
          <div className="flex items-center gap-2.5 border-b border-slate-100 px-5 py-4 sm:px-6">
            <Users aria-hidden="true" className="size-5 text-brand-600" />
            <h2 id="team-title" className="text-base font-semibold text-slate-900">
              {t('teamTitle', { count: team.length })}
            </h2>
          </div>
          <ul className="divide-y divide-slate-100">
            {team.map((member) => (
              <li key={member.id} className="flex items-center gap-3 px-5 py-3.5 sm:px-6">
                <UserAvatar name={member.name ?? member.email} />
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm font-medium text-slate-900">{member.name ?? member.email}</p>
                  <p className="truncate text-sm text-slate-500">{member.email}</p>
                </div>
                <Badge tone={member.role === 'ADMIN' ? 'brand' : 'neutral'}>{tr(member.role)}</Badge>
                {member.active ? null : <Badge tone="warning">{t('inactive')}</Badge>}
              </li>
            ))}
          </ul>
        </section>
      </Card>
    </div>
  );
}
