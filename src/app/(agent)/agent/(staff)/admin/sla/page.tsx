import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { Info } from 'lucide-react';
import { getVisitorChatTarget, listSlaPolicies } from '@/server/sla/policies';
import { currentPrincipal, requireAdminArea } from '@/server/auth/guards';
import { SlaPlanForm } from '@/components/admin/sla/sla-plan-form';
import { AdminSectionHeading } from '@/components/admin/section-heading';
import { resetSlaTargets, resetVisitorTarget, saveSlaTargets, saveVisitorTarget } from './actions';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('adminSla');
  return { title: t('metaTitle') };
}

/** /agent/admin/sla: first-response and resolution targets per plan, with the built-in defaults beside them. */
export default async function SlaAdminPage() {
  await requireAdminArea();
  const t = await getTranslations('adminSla');
  const principal = await currentPrincipal();
  const [rows, visitor] = await Promise.all([listSlaPolicies(principal), getVisitorChatTarget(principal)]);
  if (!rows.ok || !visitor.ok) notFound();
  return (
    <>
      <AdminSectionHeading title={t('title')} lead={t('lead')} />
      <p
        className="mt-4 flex items-start gap-2.5 rounded-lg bg-amber-50 px-3.5 py-3 text-sm text-amber-900 ring-1 ring-amber-200"
        data-testid="sla-new-only"
      >
        <Info aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
        {t('newOnly')}
      </p>
      <div className="mt-5 grid grid-cols-1 gap-4 lg:grid-cols-3">
        {rows.value.map((row) => (
          <SlaPlanForm
            actions={{ save: saveSlaTargets, reset: resetSlaTargets }}
            key={`${row.plan}-${row.current.firstResponseMinutes}-${row.current.resolutionMinutes}-${row.current.chatFirstResponseSeconds}-${row.current.configured}`}
            plan={row.plan}
            current={{
              firstResponseHours: row.current.firstResponseMinutes / 60,
              resolutionHours: row.current.resolutionMinutes / 60,
              chatFirstResponseSeconds: row.current.chatFirstResponseSeconds,
              configured: row.current.configured,
            }}
            defaults={{
              firstResponseHours: row.defaults.firstResponseMinutes / 60,
              resolutionHours: row.defaults.resolutionMinutes / 60,
              chatFirstResponseSeconds: row.defaults.chatFirstResponseSeconds,
            }}
            updatedAt={row.updatedAt}
            updatedBy={row.updatedBy}
          />
        ))}
        <SlaPlanForm
          actions={{ save: saveVisitorTarget, reset: resetVisitorTarget }}
          key={`VISITOR-${visitor.value.chatFirstResponseSeconds}-${visitor.value.configured}`}
          plan="VISITOR"
          current={{ chatFirstResponseSeconds: visitor.value.chatFirstResponseSeconds, configured: visitor.value.configured }}
          defaults={{ chatFirstResponseSeconds: visitor.value.defaultSeconds }}
          updatedAt={null}
          updatedBy={null}
        />
      </div>
    </>
  );
}
