import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requireAdminArea } from '@/server/auth/guards';
import { CannedEditor } from '@/components/admin/canned/canned-editor';
import { saveCanned } from '../actions';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('adminCanned');
  return { title: t('newTitle') };
}

export default async function NewCannedPage() {
  const viewer = await requireAdminArea();
  return (
    <>
      <CannedEditor
        action={saveCanned}
        id={null}
        initial={{ title: '', body: '', locale: null, category: null, active: true }}
        agentName={viewer.user.name}
      />
    </>
  );
}
