import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';

process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'vouchie-create-fast-'));

const { db, pgPool } = await import('@/server/db/client');
const { createTicket } = await import('@/server/tickets/create');
const { ticketFieldsSchema } = await import('@/server/tickets/schemas');

/**
 * createTicket has two implementations of one transaction (docs/performance.md): the SQL fast path
 * (tickets/create-fast.ts) for a reporter known by address without uploads, and Prisma for everything else. The
 * same command through both must write the same rows. A no-op `inSameTransaction` sends a command through Prisma.
 * The database is shared with other files: the agents made here are switched off as soon as their tickets exist.
 */

const tag = () => randomUUID().slice(0, 8);

function command(email: string, viaPrisma: boolean) {
  return {
    fields: ticketFieldsSchema.parse({
      category: 'TECHNICAL_ERROR',
      subject: `Kasa odrzuca bon ${tag()}`,
      attempted: 'Realizacja bonu',
      actual: 'Kasa pokazuje błąd VR-17.',
      // Quotes, commas, braces and a backslash: the steps travel as an array literal on the fast path.
      reproSteps: ['Zeskanuj kod', 'Zatwierdź "OK", potem {Enter}', 'C:\\kasa\\log — NULL'],
      errorMessage: 'VR-17',
      identifiers: [
        { kind: 'VOUCHER_CODE', value: `FAST-${tag()}` },
        { kind: 'ORDER_ID', value: `ZAM/${tag()}` },
      ],
      environment: { browser: 'Firefox 140', os: 'Linux' },
      priority: 'HIGH',
    }),
    reporter: {
      email,
      name: 'Jan Kowalski',
      externalId: `panel-${tag()}`,
      company: { externalId: `firma-${tag()}`, name: 'Firma', plan: 'PREMIUM' as const },
    },
    channel: 'API' as const,
    filedAt: new Date('2026-12-07T09:30:00Z'),
    ...(viaPrisma ? { inSameTransaction: async () => undefined } : {}),
  };
}

/** The rows of the ticket, its mail to `people` and its digest items for `digestIds` (the database is shared). */
async function written(ticketId: string, people: string[], digestIds: string[]) {
  const ticket = await db().ticket.findUniqueOrThrow({
    where: { id: ticketId },
    include: { identifiers: true, messages: true, events: true, reporter: true, company: true },
  });
  // Found by the message's words and every identifier, and exactly the document a rebuild from the rows gives
  // (the fast path writes it whole in the ticket's INSERT, Prisma's triggers append each child row's text).
  const [search] = await db().$queryRaw<{ found: boolean; asRebuilt: boolean }[]>`
    SELECT t."searchDocument" @@ plainto_tsquery('simple', 'pokazuje')
       AND (SELECT bool_and(t."searchDocument" @@ plainto_tsquery('simple', value)) FROM "TicketIdentifier" WHERE "ticketId" = t.id) AS found,
       t."searchDocument" = ticket_search_document(t.id, t.subject, t."reporterId") AS "asRebuilt"
    FROM "Ticket" t WHERE t.id = ${ticketId}::uuid`;
  const emails = await db().outboundEmail.findMany({ where: { ticketId, toEmail: { in: people } }, orderBy: { template: 'asc' } });
  const digest = await db().staffDigestItem.findMany({ where: { ticketId, userId: { in: digestIds } } });
  return { ticket, search: search ?? null, emails, digest };
}

/** A text without what differs by construction between two tickets: their numbers and the subjects' tags. */
const anonymous = (text: string) => text.replace(/VCH-\d+/g, 'VCH-n').replace(/Kasa odrzuca bon [0-9a-f]{8}/g, 'SUBJECT');

/** What must match between the two paths (ids, numbers, names made unique per ticket and the HMAC'd ids aside). */
function shape(rows: Awaited<ReturnType<typeof written>>, reporterEmail: string) {
  const { ticket } = rows;
  return {
    ticket: {
      status: ticket.status,
      priority: ticket.priority,
      channel: ticket.channel,
      category: ticket.category,
      attempted: ticket.attempted,
      actual: ticket.actual,
      reproSteps: ticket.reproSteps,
      errorMessage: ticket.errorMessage,
      environment: ticket.environment,
      tags: ticket.tags,
      createdAt: ticket.createdAt,
      lastActivityAt: ticket.lastActivityAt,
      firstResponseDueAt: ticket.firstResponseDueAt,
      resolutionDueAt: ticket.resolutionDueAt,
      assigneeId: ticket.assigneeId,
      companyPlan: ticket.company?.plan,
      reporterName: ticket.reporter.name,
      reporterLocale: ticket.reporter.locale,
      reporterCompany: ticket.reporter.companyId === ticket.companyId,
    },
    identifiers: ticket.identifiers.map((i) => i.kind).sort(),
    messages: ticket.messages.map((m) => ({
      type: m.type,
      channel: m.channel,
      body: m.body,
      format: m.format,
      authorIsReporter: m.authorId === ticket.reporterId,
      createdAt: m.createdAt,
    })),
    events: ticket.events.map((e) => ({ type: e.type, data: e.data, createdAt: e.createdAt, byReporter: e.actorId === ticket.reporterId })),
    search: rows.search,
    emails: rows.emails.map((e) => ({
      template: e.template,
      toReporter: e.toEmail === reporterEmail,
      subject: anonymous(e.subject),
      status: e.status,
      priority: e.priority,
      replyTo: Boolean((e.headers as Record<string, string> | null)?.['Reply-To']),
      threaded: e.inReplyTo !== null,
      references: e.references.length,
    })),
    digest: rows.digest.map((d) => ({ kind: d.kind, summary: anonymous(d.summary) })),
  };
}

describe('createTicket: the SQL fast path and Prisma', () => {
  it('write the same ticket, message, identifiers, event, search document, outbox rows and digest items', async () => {
    const [mailed, digested] = await Promise.all([
      db().user.create({ data: { email: `fast.${tag()}@vouchie.pl`, name: 'Ewa', role: 'AGENT' } }),
      db().user.create({ data: { email: `fast.digest.${tag()}@vouchie.pl`, name: 'Olek', role: 'AGENT', notifyDigest: true } }),
    ]);
    let fast, slow;
    const fastEmail = `fast.${tag()}@firma.pl`;
    const slowEmail = `slow.${tag()}@firma.pl`;
    try {
      fast = await createTicket(command(fastEmail, false));
      slow = await createTicket(command(slowEmail, true));
    } finally {
      await db().user.updateMany({ where: { id: { in: [mailed.id, digested.id] } }, data: { active: false } });
    }
    if (!fast.ok || !slow.ok) throw new Error('not created');
    const [fastRows, slowRows] = await Promise.all([
      written(fast.value.id, [fastEmail, mailed.email, digested.email], [digested.id]),
      written(slow.value.id, [slowEmail, mailed.email, digested.email], [digested.id]),
    ]);
    const fastShape = shape(fastRows, fastEmail);
    expect(fastShape).toEqual(shape(slowRows, slowEmail));
    // And the fast path's rows are what a ticket should have (not only the same as Prisma's).
    expect(fastShape.emails.map((e) => e.template).sort()).toEqual(expect.arrayContaining(['agent.new_ticket', 'ticket.received']));
    expect(fastRows.emails.find((e) => e.toEmail === mailed.email)?.template).toBe('agent.new_ticket');
    expect(fastRows.emails.some((e) => e.toEmail === digested.email)).toBe(false);
    expect(fastRows.digest.map((d) => d.userId)).toContain(digested.id);
    expect(fastShape.ticket.companyPlan).toBe('PREMIUM');
    expect(fastShape.search).toEqual({ found: true, asRebuilt: true });
    expect(fast.value.replayed).toBe(false);
  });

  it('reads a company the panel describes as stored, and updates it when its name or plan changed', async () => {
    const first = command(`fast.firma.${tag()}@firma.pl`, false);
    const company = first.reporter.company;
    const filed = async (plan: 'BIZNES' | 'PREMIUM', name = company.name) => {
      const created = await createTicket({
        ...first,
        reporter: { ...first.reporter, email: `fast.${tag()}@firma.pl`, company: { ...company, name, plan } },
      });
      if (!created.ok) throw new Error('not created');
      return db().ticket.findUniqueOrThrow({ where: { id: created.value.id }, include: { company: true } });
    };
    const a = await filed('PREMIUM');
    const b = await filed('PREMIUM');
    expect(b.companyId).toBe(a.companyId);
    expect(b.company?.updatedAt).toEqual(a.company?.updatedAt);
    const c = await filed('BIZNES', 'Firma po zmianie');
    expect(c.companyId).toBe(a.companyId);
    expect(c.company).toMatchObject({ plan: 'BIZNES', name: 'Firma po zmianie' });
  });

  it('mails an agent who files to their own address the confirmation first, and the notification threaded after it', async () => {
    const email = `fast.self.${tag()}@vouchie.pl`;
    const self = await db().user.create({ data: { email, name: 'Kasia', role: 'AGENT' } });
    let created;
    try {
      created = await createTicket({ ...command(email, false), reporter: { email, name: 'Kasia' } });
    } finally {
      await db().user.update({ where: { id: self.id }, data: { active: false } });
    }
    if (!created.ok) throw new Error('not created');
    const mails = await db().outboundEmail.findMany({
      where: { ticketId: created.value.id, toEmail: email },
      orderBy: { createdAt: 'asc' },
    });
    const confirmation = mails.find((m) => m.template === 'ticket.received');
    const notification = mails.find((m) => m.template === 'agent.new_ticket');
    expect(confirmation?.inReplyTo).toBeNull();
    expect(notification?.inReplyTo).toBe(confirmation?.messageId);
    expect(notification?.references).toEqual([confirmation?.messageId]);
  });

  it("keeps a fast-path ticket's search document current after it: identifiers and messages added or edited later", async () => {
    const created = await createTicket(command(`fast.search.${tag()}@firma.pl`, false));
    if (!created.ok) throw new Error('not created');
    const ticketId = created.value.id;
    const finds = async (words: string) => {
      const [row] = await db().$queryRaw<{ found: boolean; asRebuilt: boolean }[]>`
        SELECT "searchDocument" @@ plainto_tsquery('simple', ${words}) AS found,
          "searchDocument" = ticket_search_document(id, subject, "reporterId") AS "asRebuilt"
        FROM "Ticket" WHERE id = ${ticketId}::uuid`;
      return row;
    };
    expect(await finds('pokazuje VR-17')).toEqual({ found: true, asRebuilt: true });
    // The writes after the ticket's transaction append as before, on the pool's connections (the one the fast path
    // used included: its setting was the transaction's only) and through Prisma alike.
    const later = `PÓŹNIEJ-${tag()}`;
    await pgPool()!.query(`INSERT INTO "TicketIdentifier" (id, "ticketId", kind, value) VALUES ($1, $2, 'OTHER', $3)`, [
      randomUUID(),
      ticketId,
      later,
    ]);
    expect(await finds(later)).toMatchObject({ found: true });
    const word = `odpowiedź${tag()}`;
    await pgPool()!.query(`INSERT INTO "Message" (id, "ticketId", type, channel, body) VALUES ($1, $2, 'CUSTOMER', 'EMAIL', $3)`, [
      randomUUID(),
      ticketId,
      `Nadal nie działa, ${word}.`,
    ]);
    expect(await finds(word)).toMatchObject({ found: true });
    const note = `notatka${tag()}`;
    await db().message.create({ data: { ticketId, type: 'NOTE', body: `Sprawdzam: ${note}` } });
    expect(await finds(note)).toMatchObject({ found: true });
    // An agent's edit of an identifier rebuilds the document: the old value is gone, the new one is found.
    const edited = `POPRAWIONY-${tag()}`;
    await db().ticketIdentifier.updateMany({ where: { ticketId, value: later }, data: { value: edited } });
    expect(await finds(edited)).toEqual({ found: true, asRebuilt: true });
    expect(await finds(later)).toMatchObject({ found: false });
  });
});
