'use server';

import { runAction, type ActionResult } from '@/server/actions/run-action';
import { chatTransferTargets, type TransferTarget } from '@/server/agent/chat-inbox';

/** The agents a chat can be handed to: online, with room, not the one asking. */
export async function transferTargets(chatId: string): Promise<ActionResult<TransferTarget[]>> {
  return runAction({
    name: 'chatTransferTargets',
    run: async ({ principal }) => chatTransferTargets(principal, chatId),
    expected: () => ({}),
    refresh: false,
  });
}
