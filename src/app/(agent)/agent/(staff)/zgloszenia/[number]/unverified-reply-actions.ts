'use server';

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { refresh } from 'next/cache';
import { getLocale } from 'next-intl/server';
import { principalFrom } from '@/server/auth/principal';
import { getViewer } from '@/server/auth/viewer';
import { logger } from '@/server/logger';
import { parseTicketNumber } from '@/server/tickets/numbering';
import { acceptUnverifiedReply } from '@/server/tickets/unverified-replies';
import { isLocale } from '@/i18n/config';
import { translator } from '@/i18n/messages';

export type AcceptReplyActionResult = { ok: true; message: string } | { ok: false; message: string };

/** "Przyjmij jako odpowiedź klienta" on an unverified e-mail reply (src/server/tickets/unverified-replies.ts). */
export async function acceptUnverifiedReplyAction(ticketNumber: string, messageId: string): Promise<AcceptReplyActionResult> {
  const locale = await getLocale();
  const t = translator(isLocale(locale) ? locale : 'pl');
  try {
    const number = parseTicketNumber(ticketNumber);
    if (number === null || !z.uuid().safeParse(messageId).success) return { ok: false, message: t('agent.ticket.thread.acceptFailed') };
    const result = await acceptUnverifiedReply(principalFrom({ viewer: await getViewer() }), { ticketNumber: number, messageId });
    if (!result.ok) return { ok: false, message: t('agent.ticket.thread.acceptFailed') };
    refresh();
    return { ok: true, message: t('agent.ticket.thread.accepted') };
  } catch (error) {
    const requestId = randomUUID();
    logger.error({ err: error, requestId, action: 'acceptUnverifiedReply' }, 'agent ticket action failed');
    return { ok: false, message: `${t('agent.ticket.errors.tryAgain')} (${requestId.slice(0, 8)})` };
  }
}
