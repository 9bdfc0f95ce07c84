'use server';

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { refresh } from 'next/cache';
import { getLocale } from 'next-intl/server';
import { principalFrom } from '@/server/auth/principal';
import { getViewer } from '@/server/auth/viewer';
import type { Principal } from '@/server/auth/policy';
import { describeAttachmentError } from '@/server/attachments';
import { clearEmailBounce } from '@/server/mail/outbound/bounces';
import {
  addInternalNote,
  replyAsAgent,
  updateTicket,
  type AgentActionError,
  type TicketChanges,
  type TicketSnapshot,
} from '@/server/tickets/agent-actions';
import { parseTicketNumber } from '@/server/tickets/numbering';
import type { TicketStatus } from '@/server/tickets/status';
import { logger } from '@/server/logger';
import { isLocale, type Locale } from '@/i18n/config';
import { translateFieldErrors, translator } from '@/i18n/messages';

/**
 * The agent ticket page's actions: parse, find the principal, call src/server/tickets/agent-actions.ts,
 * translate its errors, refresh the page. A conflict comes back with the ticket's current values and a sentence
 * naming who changed it, so the page can show them and keep the agent's draft.
 */

export type AgentTicketActionResult =
  | { ok: true; version: number }
  | { ok: false; kind: 'conflict'; current: TicketSnapshot; message: string }
  | { ok: false; kind: 'error'; fieldErrors: Record<string, string[]>; formError?: string };

async function requestLocale(): Promise<Locale> {
  const locale = await getLocale();
  return isLocale(locale) ? locale : 'pl';
}

async function run(
  ticketNumber: string,
  action: string,
  work: (principal: Principal, number: number) => Promise<{ ok: true; version: number } | AgentActionError>,
): Promise<AgentTicketActionResult> {
  const locale = await requestLocale();
  const t = translator(locale);
  try {
    const number = parseTicketNumber(ticketNumber);
    if (number === null) return { ok: false, kind: 'error', fieldErrors: {}, formError: t('agent.ticket.errors.notFound') };
    const principal = principalFrom({ viewer: await getViewer() });
    const outcome = await work(principal, number);
    if ('ok' in outcome) {
      refresh();
      return outcome;
    }
    if (outcome.kind === 'conflict') refresh();
    return describe(outcome, locale);
  } catch (error) {
    const requestId = randomUUID();
    logger.error({ err: error, requestId, action }, 'agent ticket action failed');
    return { ok: false, kind: 'error', fieldErrors: {}, formError: `${t('agent.ticket.errors.tryAgain')} (${requestId.slice(0, 8)})` };
  }
}

function describe(error: AgentActionError, locale: Locale): AgentTicketActionResult {
  const t = translator(locale);
  switch (error.kind) {
    case 'conflict': {
      const who = error.current.changedBy;
      return { ok: false, kind: 'conflict', current: error.current, message: who ? t('agent.ticket.conflict.byName', { name: who }) : t('agent.ticket.conflict.anonymous') };
    }
    case 'invalid':
      return { ok: false, kind: 'error', fieldErrors: translateFieldErrors(error.fieldErrors, locale) };
    case 'attachments':
      return { ok: false, kind: 'error', fieldErrors: { attachmentTokens: [describeAttachmentError(error.error, locale)] } };
    case 'not_found':
      return { ok: false, kind: 'error', fieldErrors: {}, formError: t('agent.ticket.errors.notFound') };
    case 'invalid_transition':
      return {
        ok: false,
        kind: 'error',
        fieldErrors: {},
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
  return run(ticketNumber, 'agentReply', async (principal, number) => {
    const result = await replyAsAgent({ principal, number, ...input });
    return result.ok ? { ok: true, version: result.value.version } : result.error;
  });
}

export async function addTicketNote(ticketNumber: string, input: ComposerInput): Promise<AgentTicketActionResult> {
  return run(ticketNumber, 'internalNote', async (principal, number) => {
    const result = await addInternalNote({ principal, number, ...input });
    return result.ok ? { ok: true, version: result.value.version } : result.error;
  });
}

export async function saveTicketChanges(ticketNumber: string, expectedVersion: number, changes: TicketChanges): Promise<AgentTicketActionResult> {
  return run(ticketNumber, 'updateTicket', async (principal, number) => {
    const result = await updateTicket({ principal, number, expectedVersion, changes });
    return result.ok ? { ok: true, version: result.value.version } : result.error;
  });
}

export type ClearBounceActionResult = { ok: true; message: string } | { ok: false; message: string };

/** "Wyczyść blokadę" on the reporter card: mail to the reporter flows again (see src/server/mail/outbound/bounces.ts). */
export async function clearReporterBounce(userId: string): Promise<ClearBounceActionResult> {
  const t = translator(await requestLocale());
  try {
    if (!z.uuid().safeParse(userId).success) return { ok: false, message: t('adminOutbox.bounce.failed') };
    const result = await clearEmailBounce(principalFrom({ viewer: await getViewer() }), userId);
    if (!result.ok) return { ok: false, message: t('adminOutbox.bounce.failed') };
    refresh();
    return { ok: true, message: t('adminOutbox.bounce.cleared') };
  } catch (error) {
    const requestId = randomUUID();
    logger.error({ err: error, requestId, action: 'clearReporterBounce' }, 'agent ticket action failed');
    return { ok: false, message: `${t('agent.ticket.errors.tryAgain')} (${requestId.slice(0, 8)})` };
  }
}
