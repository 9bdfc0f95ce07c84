import { redirect } from 'next/navigation';
import { requireAdminArea } from '@/server/auth/guards';

export const dynamic = 'force-dynamic';

/** /agent/admin opens on the team page. */
export default async function AdminIndex() {
  await requireAdminArea();
  redirect('/agent/admin/agenci');
}
