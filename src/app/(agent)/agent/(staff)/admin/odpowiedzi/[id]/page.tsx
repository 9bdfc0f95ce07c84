import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { requireAdminArea } from '@/server/auth/guards';
import { principalFrom } from '@/server/auth/principal';
import { getCannedResponse } from '@/server/canned/responses';
import { CannedEditor } from '@/components/admin/canned/canned-editor';
import { ToastProvider } from '@/components/ui/toast';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('adminCanned');
  return { title: t('editTitle') };
}

export default async function EditCannedPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireAdminArea();
  const found = await getCannedResponse(principalFrom({ viewer }), (await params).id);
  if (!found.ok) notFound();
  const { title, body, locale, category, active } = found.value;
  return (
    <ToastProvider>
      <CannedEditor id={found.value.id} initial={{ title, body, locale, category, active }} agentName={viewer.user.name} />
    </ToastProvider>
  );
}
