'use server';

import { z } from 'zod';
import { runAction, type ActionContext, type ActionResult, type Expected } from '@/server/actions/run-action';
import { describeAttachmentError } from '@/server/attachments';
import { clearEmailBounce } from '@/server/mail/outbound/bounces';
import { setContactPhone } from '@/server/phone/contact-phone';
import type { SavedPhone } from '@/server/phone/call-log-schema';
import {
  addInternalNote,
  replyAsAgent,
  updateTicket,
  type AgentActionError,
  type TicketChanges,
  type TicketSnapshot,
} from '@/server/tickets/agent-actions';
import { parseTicketNumber } from '@/server/tickets/numbering';
import { acceptUnverifiedReply } from '@/server/tickets/unverified-replies';
import type { TicketStatus } from '@/server/tickets/status';
import { err, type Result } from '@/server/result';

/**
 * The agent ticket page's actions: check the number, call src/server/tickets/agent-actions.ts, say what went
 * wrong. A conflict comes back with the ticket's current values and a sentence naming who changed it (and the
 * page refreshed behind it), so the page can show them and keep the agent's draft.
 */

export type TicketConflict = { current: TicketSnapshot; message: string };
export type AgentTicketActionResult = ActionResult<{ version: number }, TicketConflict>;

function runTicketAction(
  ticketNumber: string,
  name: string,
  work: (context: ActionContext, number: number) => Promise<Result<{ version: number }, AgentActionError>>,
): Promise<AgentTicketActionResult> {
  return runAction({
    name,
    run: async (context) => {
      const number = parseTicketNumber(ticketNumber);
      return number === null ? err({ kind: 'not_found' as const }) : work(context, number);
    },
    expected: describe,
    success: ({ version }) => ({ data: { version } }),
  });
}

function describe(error: Exclude<AgentActionError, { kind: 'invalid' }>, { locale, t }: ActionContext): Expected<TicketConflict> {
  switch (error.kind) {
    case 'conflict': {
      const who = error.current.changedBy;
      const message = who ? t('agent.ticket.conflict.byName', { name: who }) : t('agent.ticket.conflict.anonymous');
      return { detail: { current: error.current, message }, refresh: true };
    }
    case 'attachments':
      return { fieldErrors: { attachmentTokens: [describeAttachmentError(error.error, locale)] } };
    case 'not_found':
      return { formError: t('agent.ticket.errors.notFound') };
    case 'invalid_transition':
      return {
        formError: t('agent.ticket.errors.transition', { from: t(`ticket.status.${error.from}`), to: t(`ticket.status.${error.to}`) }),
      };
  }
}

export interface ComposerInput {
  body: string;
  attachmentTokens: string[];
  idempotencyKey?: string;
}

export async function sendAgentReply(
  ticketNumber: string,
  input: ComposerInput & { expectedVersion: number; setStatus?: TicketStatus },
): Promise<AgentTicketActionResult> {
  return runTicketAction(ticketNumber, 'agentReply', ({ principal }, number) => replyAsAgent({ principal, number, ...input }));
}

export async function addTicketNote(ticketNumber: string, input: ComposerInput): Promise<AgentTicketActionResult> {
  return runTicketAction(ticketNumber, 'internalNote', ({ principal }, number) => addInternalNote({ principal, number, ...input }));
}

export async function saveTicketChanges(
  ticketNumber: string,
  expectedVersion: number,
  changes: TicketChanges,
): Promise<AgentTicketActionResult> {
  return runTicketAction(ticketNumber, 'updateTicket', ({ principal }, number) =>
    updateTicket({ principal, number, expectedVersion, changes }),
  );
}

/** "Wyczyść blokadę" on the reporter card: mail to the reporter flows again (see src/server/mail/outbound/bounces.ts). */
export async function clearReporterBounce(userId: string): Promise<ActionResult> {
  return runAction({
    name: 'clearReporterBounce',
    run: async ({ principal }) => {
      if (!z.uuid().safeParse(userId).success) return err({ kind: 'refused' as const });
      const result = await clearEmailBounce(principal, userId);
      return result.ok ? result : err({ kind: 'refused' as const });
    },
    expected: (_error, { t }) => ({ formError: t('adminOutbox.bounce.failed') }),
    success: (_value, { t }) => ({ data: null, message: t('adminOutbox.bounce.cleared') }),
  });
}

/** "Przyjmij jako odpowiedź klienta" on an e-mail reply filed as unverified (src/server/tickets/unverified-replies.ts). */
export async function acceptUnverifiedEmailReply(ticketNumber: string, messageId: string): Promise<ActionResult> {
  return runAction({
    name: 'acceptUnverifiedReply',
    run: async ({ principal }) => {
      const number = parseTicketNumber(ticketNumber);
      if (number === null || !z.uuid().safeParse(messageId).success) return err({ kind: 'not_found' as const });
      return acceptUnverifiedReply(principal, { ticketNumber: number, messageId });
    },
    expected: (_error, { t }) => ({ formError: t('agent.ticket.thread.acceptFailed') }),
    success: (_value, { t }) => ({ data: null, message: t('agent.ticket.thread.accepted') }),
  });
}

/** The reporter card's phone number (User.phone): validated and normalised, customers only. */
export async function setReporterPhone(userId: string, input: { phone: string }): Promise<ActionResult<SavedPhone>> {
  return runAction({
    name: 'setReporterPhone',
    run: ({ principal }) => setContactPhone(principal, { userId, phone: input.phone }),
    expected: (_error, { t }) => ({ formError: t('phone.errors.notCustomer') }),
    success: (value, { t }) => ({ data: value, message: t(value.phone ? 'phone.contactPhone.saved' : 'phone.contactPhone.removed') }),
    refresh: false,
  });
}
