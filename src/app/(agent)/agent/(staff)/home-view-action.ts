'use server';

import { currentPrincipal } from '@/server/auth/guards';
import { rememberQueueView } from '@/server/agent/home-view';
import { QUEUE_VIEWS, type QueueView } from '@/server/agent/views';

/**
 * Remembers the queue view the agent opened, if it is one of the two home views. Called from the page once it is
 * shown (never while rendering it: a link's prefetch renders pages nobody opened).
 */
export async function rememberHomeView(view: QueueView): Promise<void> {
  if (!(QUEUE_VIEWS as readonly string[]).includes(view)) return;
  await rememberQueueView(await currentPrincipal(), view);
}
