import { redirect } from 'next/navigation';
import { requireAdminArea } from '@/server/auth/guards';
import { AGENT_PATHS } from '@/server/links';

export const dynamic = 'force-dynamic';

/** /agent/admin opens on the team page. */
export default async function AdminIndex() {
  await requireAdminArea();
  redirect(AGENT_PATHS.team);
}
