'use server';

import { randomUUID } from 'node:crypto';
import { refresh } from 'next/cache';
import { headers } from 'next/headers';
import { getLocale } from 'next-intl/server';
import { principalFrom } from '@/server/auth/principal';
import { getViewer } from '@/server/auth/viewer';
import type { Principal } from '@/server/auth/policy';
import { describeAttachmentError } from '@/server/attachments';
import { markSolved, rateTicket, reopen, replyAsCustomer, type CustomerActionError } from '@/server/tickets/customer-actions';
import { parseTicketNumber } from '@/server/tickets/numbering';
import type { RatingInput, ReplyInput } from '@/server/tickets/schemas';
import { logger } from '@/server/logger';
import { clientIp } from '@/server/rate-limit';
import { allowTicketAction } from '@/server/tickets/action-limits';
import { isLocale, type Locale } from '@/i18n/config';
import { translateFieldErrors, translator } from '@/i18n/messages';

/**
 * The ticket page's customer actions. Each takes the ticket number as shown and, when the page was opened from
 * an e-mail, its `t` link token; the signed-in session counts otherwise. The rules live in
 * src/server/tickets/customer-actions.ts; here: parse, find the principal, call, translate, refresh the page.
 */

export type TicketNotice = 'replied' | 'reopenedByReply' | 'solved' | 'reopened' | 'rated';

export type TicketActionResult =
  | { ok: true; notice: TicketNotice }
  | { ok: true; notice: 'followUp'; followUp: { number: string; href: string } }
  | { ok: false; fieldErrors: Record<string, string[]>; formError?: string };

interface TicketRef {
  number: string;
  /** The ticket link token from the page's `?t=`, if it was opened from an e-mail. */
  t?: string | null;
}

async function requestLocale(): Promise<Locale> {
  const locale = await getLocale();
  return isLocale(locale) ? locale : 'pl';
}

async function run(
  ref: TicketRef,
  action: string,
  work: (principal: Principal, number: number) => Promise<TicketActionResult | CustomerActionError>,
): Promise<TicketActionResult> {
  const locale = await requestLocale();
  const t = translator(locale);
  try {
    const number = parseTicketNumber(ref.number);
    if (number === null) return { ok: false, fieldErrors: {}, formError: t('portal.errors.notFound') };
    const principal = principalFrom({ ticketLinkToken: ref.t ?? null, viewer: await getViewer() });
    if (!(await allowTicketAction(clientIp(await headers()), number, principal))) return { ok: false, fieldErrors: {}, formError: t('portal.errors.rateLimited') };
    const outcome = await work(principal, number);
    if ('ok' in outcome) {
      refresh();
      return outcome;
    }
    return describe(outcome, locale);
  } catch (error) {
    const requestId = randomUUID();
    logger.error({ err: error, requestId, action }, 'ticket action failed');
    return { ok: false, fieldErrors: {}, formError: `${t('errors.tryAgain')} (${requestId.slice(0, 8)})` };
  }
}

function describe(error: CustomerActionError, locale: Locale): TicketActionResult {
  const t = translator(locale);
  switch (error.kind) {
    case 'invalid':
      return { ok: false, fieldErrors: translateFieldErrors(error.fieldErrors, locale) };
    case 'attachments':
      return { ok: false, fieldErrors: { attachmentTokens: [describeAttachmentError(error.error, locale)] } };
    case 'not_found':
      return { ok: false, fieldErrors: {}, formError: t('portal.errors.notFound') };
    case 'not_allowed':
      return { ok: false, fieldErrors: {}, formError: t('portal.errors.notAllowed') };
    case 'not_ratable':
      return { ok: false, fieldErrors: {}, formError: t('portal.errors.notRatable') };
    case 'invalid_transition':
      return { ok: false, fieldErrors: {}, formError: t('portal.errors.transition', { status: t(`ticket.status.${error.status}`) }) };
  }
}

export async function replyToTicket(ref: TicketRef, reply: ReplyInput): Promise<TicketActionResult> {
  return run(ref, 'reply', async (principal, number) => {
    const result = await replyAsCustomer({ principal, number, ...reply });
    if (!result.ok) return result.error;
    const outcome = result.value;
    if (outcome.kind === 'followUp') {
      // Someone who came by the e-mailed link gets the new ticket's own signed link (it is mailed to them anyway).
      const url = new URL(outcome.ticket.url);
      const href = principal.kind === 'ticketLink' ? `${url.pathname}${url.search}` : `/pomoc/zgloszenia/${outcome.ticket.number}`;
      return { ok: true, notice: 'followUp', followUp: { number: outcome.ticket.number, href } };
    }
    return { ok: true, notice: outcome.reopened ? 'reopenedByReply' : 'replied' };
  });
}

export async function markTicketSolved(ref: TicketRef): Promise<TicketActionResult> {
  return run(ref, 'markSolved', async (principal, number) => {
    const result = await markSolved({ principal, number });
    return result.ok ? { ok: true, notice: 'solved' } : result.error;
  });
}

export async function reopenTicket(ref: TicketRef): Promise<TicketActionResult> {
  return run(ref, 'reopen', async (principal, number) => {
    const result = await reopen({ principal, number });
    return result.ok ? { ok: true, notice: 'reopened' } : result.error;
  });
}

export async function rateSolvedTicket(ref: TicketRef, rating: RatingInput): Promise<TicketActionResult> {
  return run(ref, 'rate', async (principal, number) => {
    const result = await rateTicket({ principal, number, rating: rating.rating, comment: rating.comment });
    return result.ok ? { ok: true, notice: 'rated' } : result.error;
  });
}
