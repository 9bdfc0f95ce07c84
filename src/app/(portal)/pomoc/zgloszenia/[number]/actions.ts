'use server';

import { headers } from 'next/headers';
import { runAction, type ActionContext, type ActionResult, type Expected } from '@/server/actions/run-action';
import { describeAttachmentError } from '@/server/attachments';
import { customerTicketPath } from '@/server/links';
import { markSolved, rateTicket, reopen, replyAsCustomer, type CustomerActionError } from '@/server/tickets/customer-actions';
import { parseTicketNumber } from '@/server/tickets/numbering';
import { addCollaborator, removeCollaborator, type CollaboratorError } from '@/server/tickets/collaborators';
import type { RatingInput, ReplyInput } from '@/server/tickets/schemas';
import { clientIp } from '@/server/rate-limit';
import { err, type Result } from '@/server/result';
import { allowTicketAction } from '@/server/tickets/action-limits';
import type { TicketActionData } from '@/server/tickets/customer-notices';

/**
 * The ticket page's customer actions. Each takes the ticket number as shown and, when the page was opened from
 * an e-mail, its `t` link token; the signed-in session counts otherwise. The rules live in
 * src/server/tickets/customer-actions.ts; here: check the number and the rate limit, call, say what happened.
 */

interface TicketRef {
  number: string;
  /** The ticket link token from the page's `?t=`, if it was opened from an e-mail. */
  t?: string | null;
}

type TicketError = CustomerActionError | { kind: 'rate_limited' };

function runTicketAction<V>(
  ref: TicketRef,
  name: string,
  work: (context: ActionContext, number: number) => Promise<Result<V, TicketError>>,
  success: (value: V, context: ActionContext) => TicketActionData,
): Promise<ActionResult<TicketActionData>> {
  return runAction({
    name,
    ticketLinkToken: ref.t,
    run: async (context) => {
      const number = parseTicketNumber(ref.number);
      if (number === null) return err({ kind: 'not_found' as const });
      if (!(await allowTicketAction(clientIp(await headers()), number, context.principal))) return err({ kind: 'rate_limited' as const });
      return work(context, number);
    },
    expected: describe,
    success: (value, context) => ({ data: success(value, context) }),
  });
}

function describe(error: Exclude<TicketError, { kind: 'invalid' }>, { locale, t }: ActionContext): Expected {
  switch (error.kind) {
    case 'rate_limited':
      return { formError: t('portal.errors.rateLimited') };
    case 'attachments':
      return { fieldErrors: { attachmentTokens: [describeAttachmentError(error.error, locale)] } };
    case 'not_found':
      return { formError: t('portal.errors.notFound') };
    case 'not_allowed':
      return { formError: t('portal.errors.notAllowed') };
    case 'not_ratable':
      return { formError: t('portal.errors.notRatable') };
    case 'invalid_transition':
      return { formError: t('portal.errors.transition', { status: t(`ticket.status.${error.status}`) }) };
  }
}

export async function replyToTicket(ref: TicketRef, reply: ReplyInput): Promise<ActionResult<TicketActionData>> {
  return runTicketAction(
    ref,
    'reply',
    ({ principal }, number) => replyAsCustomer({ principal, number, ...reply }),
    (outcome, { principal }) => {
      if (outcome.kind !== 'followUp') return { notice: outcome.reopened ? 'reopenedByReply' : 'replied' };
      // Someone who came by the e-mailed link gets the new ticket's own signed link (it is mailed to them anyway).
      const url = new URL(outcome.ticket.url);
      const href = principal.kind === 'ticketLink' ? `${url.pathname}${url.search}` : customerTicketPath(outcome.ticket.number);
      return { notice: 'followUp', followUp: { number: outcome.ticket.number, href } };
    },
  );
}

export async function markTicketSolved(ref: TicketRef): Promise<ActionResult<TicketActionData>> {
  return runTicketAction(
    ref,
    'markSolved',
    ({ principal }, number) => markSolved({ principal, number }),
    () => ({ notice: 'solved' }),
  );
}

export async function reopenTicket(ref: TicketRef): Promise<ActionResult<TicketActionData>> {
  return runTicketAction(
    ref,
    'reopen',
    ({ principal }, number) => reopen({ principal, number }),
    () => ({ notice: 'reopened' }),
  );
}

export async function rateSolvedTicket(ref: TicketRef, rating: RatingInput): Promise<ActionResult<TicketActionData>> {
  return runTicketAction(
    ref,
    'rate',
    ({ principal }, number) => rateTicket({ principal, number, rating: rating.rating, comment: rating.comment }),
    () => ({ notice: 'rated' }),
  );
}

/** "Osoby w kopii" in the portal: the reporter (or their company's admin) copies a colleague on the ticket. */
export async function addPortalCollaborator(ref: TicketRef, input: { email: string }): Promise<ActionResult> {
  return runAction({
    name: 'addCollaborator',
    ticketLinkToken: ref.t,
    run: async ({ principal }): Promise<Result<{ added: boolean }, CollaboratorError | { kind: 'rate_limited' }>> => {
      const number = parseTicketNumber(ref.number);
      if (number === null) return err({ kind: 'not_found' as const });
      if (!(await allowTicketAction(clientIp(await headers()), number, principal))) return err({ kind: 'rate_limited' as const });
      return addCollaborator({ principal, number, email: input.email });
    },
    expected: (error, { t }) => ({ formError: t(error.kind === 'rate_limited' ? 'portal.errors.rateLimited' : 'portal.errors.notFound') }),
    success: (_value, { t }) => ({ data: null, message: t('agentsWork.cc.added') }),
  });
}

/** Takes someone off the CC list from the portal. */
export async function removePortalCollaborator(ref: TicketRef, email: string): Promise<ActionResult> {
  return runAction({
    name: 'removeCollaborator',
    ticketLinkToken: ref.t,
    run: async ({ principal }): Promise<Result<{ removed: boolean }, CollaboratorError | { kind: 'rate_limited' }>> => {
      const number = parseTicketNumber(ref.number);
      if (number === null) return err({ kind: 'not_found' as const });
      if (!(await allowTicketAction(clientIp(await headers()), number, principal))) return err({ kind: 'rate_limited' as const });
      return removeCollaborator({ principal, number, email });
    },
    expected: (error, { t }) => ({ formError: t(error.kind === 'rate_limited' ? 'portal.errors.rateLimited' : 'portal.errors.notFound') }),
    success: (_value, { t }) => ({ data: null, message: t('agentsWork.cc.removed') }),
  });
}
