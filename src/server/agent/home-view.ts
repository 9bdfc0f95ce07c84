import type { Principal } from '@/server/auth/policy';
import { isStaff } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { OPEN_STATUSES } from '@/server/tickets/status';
import type { QueueView } from './views';

/**
 * Where /agent opens for an agent: "Moje otwarte" or "Nieprzypisane", whichever of the two they chose last (kept
 * on their user row, so it follows them to another browser); before they ever chose, "Moje otwarte" when they have
 * open tickets and "Nieprzypisane" otherwise. Never "Wszystkie": the whole history is not where work starts.
 */
export const HOME_VIEWS = ['mine', 'unassigned'] as const satisfies readonly QueueView[];
export type HomeView = (typeof HOME_VIEWS)[number];

function isHomeView(view: string | null | undefined): view is HomeView {
  return (HOME_VIEWS as readonly string[]).includes(view ?? '');
}

export async function queueHomeView(principal: Principal): Promise<HomeView> {
  if (principal.kind !== 'user' || !isStaff(principal)) return 'unassigned';
  const user = await db().user.findUnique({ where: { id: principal.userId }, select: { queueHomeView: true } });
  if (isHomeView(user?.queueHomeView)) return user.queueHomeView;
  const mine = await db().ticket.findFirst({
    where: { assigneeId: principal.userId, status: { in: [...OPEN_STATUSES] } },
    select: { id: true },
  });
  return mine ? 'mine' : 'unassigned';
}

/** Remembers the agent's choice when they open one of the two home views (a no-op write is skipped). */
export async function rememberQueueView(principal: Principal, view: QueueView): Promise<void> {
  if (principal.kind !== 'user' || !isStaff(principal) || !isHomeView(view)) return;
  await db().user.updateMany({
    where: { id: principal.userId, OR: [{ queueHomeView: null }, { queueHomeView: { not: view } }] },
    data: { queueHomeView: view },
  });
}
