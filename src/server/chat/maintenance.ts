import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { childLogger } from '@/server/logger';
import { notifyAgents } from '@/server/tickets/notify-agents';
import { offerWaitingChats } from './queue';
import { enqueueClosedIntoTicket, handOverToTicketSla, ticketForStatus, writeEnd } from './sessions';
import { chatTransaction, lockChat } from './store';

/**
 * The worker's chat sweep (every few seconds): offers that lapsed go to the next agent, and chats that can no
 * longer be answered live close themselves into open tickets the queue shows:
 * - unanswered: still waiting after CHAT_MAX_WAIT_MINUTES;
 * - abandoned: the customer not heard from (no open stream, no send) for CHAT_ABANDON_MINUTES, waiting or active.
 * The customer gets an e-mail saying the team will answer there; the agents are told of the ticket as of any
 * new one. Several workers may sweep at once: each chat is closed under its row lock, once.
 */

const log = childLogger({ module: 'chat-sweep' });

export interface ChatSweep {
  offered: number;
  unanswered: number;
  abandoned: number;
}

export async function sweepChats(now = new Date()): Promise<ChatSweep> {
  const config = env();
  const waitedSince = new Date(now.getTime() - config.CHAT_MAX_WAIT_MINUTES * 60_000);
  const goneSince = new Date(now.getTime() - config.CHAT_ABANDON_MINUTES * 60_000);
  const stale = await db().chatSession.findMany({
    where: {
      OR: [
        { status: 'WAITING', startedAt: { lte: waitedSince } },
        { status: { in: ['WAITING', 'ACTIVE'] }, customerLastSeenAt: { lte: goneSince } },
      ],
    },
    select: { id: true },
    orderBy: { startedAt: 'asc' },
    take: 200,
  });
  const sweep: ChatSweep = { offered: 0, unanswered: 0, abandoned: 0 };
  for (const { id } of stale) {
    const closed = await chatTransaction(async (tx) => {
      const chat = await lockChat(tx, id);
      if (!chat || chat.status === 'ENDED') return null;
      const lastSeen = (await tx.chatSession.findUniqueOrThrow({ where: { id }, select: { customerLastSeenAt: true } })).customerLastSeenAt;
      const reason = lastSeen <= goneSince ? 'abandoned' : chat.status === 'WAITING' && chat.startedAt <= waitedSince ? 'unanswered' : null;
      if (!reason) return null;
      await writeEnd(tx, chat, 'SYSTEM', reason, null, now);
      await handOverToTicketSla(tx, chat.ticketId, now);
      await enqueueClosedIntoTicket(tx, chat, reason);
      const ticket = await ticketForStatus(tx, chat.ticketId);
      const customer = await tx.user.findUniqueOrThrow({ where: { id: chat.customerId }, select: { name: true, email: true } });
      // Nobody took it live: the team hears of it as of any new ticket (the start told nobody by e-mail).
      if (chat.status === 'WAITING') {
        await notifyAgents(tx, {
          kind: 'newTicket',
          ticket: { id: ticket.id, number: ticket.number, subject: ticket.subject, status: ticket.status, assigneeId: ticket.assigneeId },
          customer,
        });
      }
      return reason;
    });
    if (closed.ok && closed.value) sweep[closed.value]++;
  }
  sweep.offered = await offerWaitingChats(now);
  if (sweep.unanswered || sweep.abandoned) log.info(sweep, 'chats closed into tickets');
  return sweep;
}
