'use server';

import { randomUUID } from 'node:crypto';
import { principalFrom } from '@/server/auth/principal';
import { getViewer } from '@/server/auth/viewer';
import { cannedResponsesForTicket, insertCannedResponse, type PickerItem } from '@/server/canned/responses';
import { logger } from '@/server/logger';
import { parseTicketNumber } from '@/server/tickets/numbering';

/**
 * The composer's canned-response picker: the list for this ticket, and one response rendered for it. The
 * browser sends only the ticket number and the response's id; every value filled in comes from the database.
 */

export async function cannedForTicket(ticketNumber: string): Promise<{ ok: true; items: PickerItem[] } | { ok: false }> {
  try {
    const number = parseTicketNumber(ticketNumber);
    if (number === null) return { ok: false };
    const result = await cannedResponsesForTicket(principalFrom({ viewer: await getViewer() }), number);
    return result.ok ? { ok: true, items: result.value } : { ok: false };
  } catch (error) {
    logger.error({ err: error, requestId: randomUUID() }, 'listing canned responses failed');
    return { ok: false };
  }
}

export async function renderCannedForTicket(ticketNumber: string, responseId: string): Promise<{ ok: true; text: string } | { ok: false }> {
  try {
    const number = parseTicketNumber(ticketNumber);
    if (number === null) return { ok: false };
    const result = await insertCannedResponse(principalFrom({ viewer: await getViewer() }), number, responseId);
    return result.ok ? { ok: true, text: result.value.text } : { ok: false };
  } catch (error) {
    logger.error({ err: error, requestId: randomUUID() }, 'rendering a canned response failed');
    return { ok: false };
  }
}
