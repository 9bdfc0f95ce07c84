'use server';

import { runAction, type ActionResult } from '@/server/actions/run-action';
import { chatTransferTargets, type TransferTarget } from '@/server/agent/chat-inbox';

/** The agents a chat can be handed to: online, with room, not the one asking. */
export async function transferTargets(): Promise<ActionResult<TransferTarget[]>> {
  return runAction({
    name: 'chatTransferTargets',
    run: async ({ principal }) => chatTransferTargets(principal),
    expected: () => ({}),
    refresh: false,
  });
}
