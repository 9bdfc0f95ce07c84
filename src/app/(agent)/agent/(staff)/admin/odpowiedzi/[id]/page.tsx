import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { currentPrincipal, requireAdminArea } from '@/server/auth/guards';
import { getCannedResponse } from '@/server/canned/responses';
import { CannedEditor } from '@/components/admin/canned/canned-editor';
import { saveCanned } from '../actions';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('adminCanned');
  return { title: t('editTitle') };
}

export default async function EditCannedPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireAdminArea();
  const found = await getCannedResponse(await currentPrincipal(), (await params).id);
  if (!found.ok) notFound();
  const { title, body, locale, category, active } = found.value;
  return (
    <>
      <CannedEditor
        action={saveCanned}
        id={found.value.id}
        initial={{ title, body, locale, category, active }}
        agentName={viewer.user.name}
      />
    </>
  );
}
