import { Readable } from 'node:stream';
import yazl from 'yazl';
import { storage } from '@/server/attachments/storage';
import { db } from '@/server/db/client';
import { formatTicketNumber } from '@/server/tickets/numbering';

/**
 * Art. 15: everything Vouchie Support holds about one person, as one ZIP: `dane.json` (profile, tickets with their
 * messages, identifiers and rating, e-mails sent to them, sign-in history) and their attachments under
 * `zalaczniki/`. Two scopes:
 *
 * - `self`, the customer's own download: only tickets they reported (never the rest of their company's), only the
 *   public thread (no internal notes, no e-mails held for review), staff shown as "Wsparcie Vouchie";
 * - `admin`, an admin answering a request: the same tickets with everything on them (notes, agents' names, the
 *   activity log), the messages they wrote on other tickets, and the raw e-mails they sent (`eml/`).
 *
 * The ZIP is streamed: JSON first, then each attachment read from storage only when the archive reaches it.
 */

export type ExportScope = 'self' | 'admin';

export interface ExportSummary {
  tickets: number;
  attachments: number;
  attachmentBytes: number;
  rawEmails: number;
}

interface AttachmentEntry {
  id: string;
  storageKey: string;
  fileName: string;
  contentType: string;
  kind: string;
  size: number;
  path: string;
}

interface RawEmailEntry {
  id: string;
  path: string;
}

export interface PersonExport {
  data: Record<string, unknown>;
  attachments: AttachmentEntry[];
  rawEmails: RawEmailEntry[];
  summary: ExportSummary;
}

const STAFF_LABEL = 'Wsparcie Vouchie';

/** Keeps the archive's paths to our own safe characters; the original name is in dane.json. */
function archiveName(fileName: string): string {
  const cleaned = fileName
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '_')
    .replace(/^\.+/, '')
    .slice(-80);
  return cleaned || 'plik';
}

/** Everything the export contains, read from the database (the attachments' bytes are read while zipping). */
export async function collectPersonData(subjectId: string, scope: ExportScope, now = new Date()): Promise<PersonExport | null> {
  const client = db();
  const user = await client.user.findUnique({
    where: { id: subjectId },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      locale: true,
      externalId: true,
      isCompanyAdmin: true,
      active: true,
      emailBouncedAt: true,
      lastSignInAt: true,
      createdAt: true,
      company: { select: { name: true, plan: true, externalId: true } },
    },
  });
  if (!user) return null;
  const admin = scope === 'admin';

  const tickets = await client.ticket.findMany({
    where: { reporterId: user.id },
    orderBy: { number: 'asc' },
    select: {
      id: true,
      number: true,
      subject: true,
      category: true,
      status: true,
      priority: true,
      channel: true,
      attempted: true,
      actual: true,
      expected: true,
      reproSteps: true,
      errorMessage: true,
      occurredAt: true,
      environment: true,
      tags: admin,
      rating: true,
      ratingComment: true,
      ratedAt: true,
      createdAt: true,
      resolvedAt: true,
      closedAt: true,
      company: { select: { name: true } },
      identifiers: { select: { kind: true, value: true }, orderBy: { id: 'asc' } },
      messages: {
        where: admin ? {} : { type: { not: 'NOTE' } },
        orderBy: { createdAt: 'asc' },
        select: {
          id: true,
          type: true,
          channel: true,
          body: true,
          trimmedText: admin,
          createdAt: true,
          authorId: true,
          author: { select: { name: true, email: true, role: true } },
          attachments: {
            select: { id: true, storageKey: true, fileName: true, contentType: true, kind: true, size: true, createdAt: true },
            orderBy: { createdAt: 'asc' },
          },
        },
      },
      // The activity log is the admin's only.
      events: {
        orderBy: { createdAt: 'asc' },
        take: admin ? undefined : 0,
        select: { type: true, data: true, createdAt: true, actor: { select: { name: true, email: true } } },
      },
    },
  });

  const attachments: AttachmentEntry[] = [];
  const seen = new Set<string>();
  const addAttachment = (
    a: { id: string; storageKey: string; fileName: string; contentType: string; kind: string; size: number },
    folder: string,
  ) => {
    if (seen.has(a.id)) return `zalaczniki/${folder}/${a.id.slice(0, 8)}-${archiveName(a.fileName)}`;
    seen.add(a.id);
    const path = `zalaczniki/${folder}/${a.id.slice(0, 8)}-${archiveName(a.fileName)}`;
    attachments.push({ ...a, path });
    return path;
  };

  const authorOf = (m: { authorId: string | null; author: { name: string | null; email: string; role: string } | null; type: string }) => {
    if (m.authorId === user.id) return { who: 'ja', name: user.name };
    const staff = m.type !== 'CUSTOMER';
    if (admin) return { who: staff ? 'wsparcie' : 'klient', name: m.author?.name ?? m.author?.email ?? null };
    // Another customer (a colleague answering on this ticket) is not named in someone else's export.
    return { who: staff ? 'wsparcie' : 'inna_osoba', name: staff ? STAFF_LABEL : null };
  };

  const ticketData = tickets.map((ticket) => {
    const number = formatTicketNumber(ticket.number);
    return {
      numer: number,
      temat: ticket.subject,
      kategoria: ticket.category,
      status: ticket.status,
      priorytet: ticket.priority,
      kanal: ticket.channel,
      firma: ticket.company?.name ?? null,
      utworzono: ticket.createdAt,
      rozwiazano: ticket.resolvedAt,
      zamknieto: ticket.closedAt,
      opis: {
        coProbowano: ticket.attempted,
        coSieStalo: ticket.actual,
        czegoOczekiwano: ticket.expected,
        krokiOdtworzenia: ticket.reproSteps,
        komunikatBledu: ticket.errorMessage,
        kiedy: ticket.occurredAt,
      },
      srodowisko: ticket.environment,
      identyfikatory: ticket.identifiers.map((i) => ({ rodzaj: i.kind, wartosc: i.value })),
      ...(admin ? { tagi: ticket.tags } : {}),
      ocena: ticket.rating === null ? null : { gwiazdki: ticket.rating, komentarz: ticket.ratingComment, kiedy: ticket.ratedAt },
      wiadomosci: ticket.messages.map((m) => ({
        kiedy: m.createdAt,
        rodzaj: m.type,
        kanal: m.channel,
        autor: authorOf(m),
        tresc: m.body,
        ...(admin ? { usunietyCytat: m.trimmedText ?? null } : {}),
        zalaczniki: m.attachments.map((a) => ({
          nazwa: a.fileName,
          typ: a.contentType,
          rozmiar: a.size,
          plikWArchiwum: addAttachment(a, number),
        })),
      })),
      ...(admin
        ? {
            historia: ticket.events.map((e) => ({
              kiedy: e.createdAt,
              zdarzenie: e.type,
              dane: e.data,
              kto: e.actor ? (e.actor.name ?? e.actor.email) : null,
            })),
          }
        : {}),
    };
  });

  // The admin's export also has what the person wrote or uploaded on tickets they did not report.
  const elsewhere = admin
    ? await client.message.findMany({
        where: { authorId: user.id, ticket: { reporterId: { not: user.id } } },
        orderBy: { createdAt: 'asc' },
        select: {
          type: true,
          body: true,
          createdAt: true,
          ticket: { select: { number: true } },
          attachments: { select: { id: true, storageKey: true, fileName: true, contentType: true, kind: true, size: true } },
        },
      })
    : [];

  const emails = await client.outboundEmail.findMany({
    where: { toEmail: user.email },
    orderBy: { createdAt: 'asc' },
    select: {
      subject: true,
      text: true,
      status: true,
      createdAt: true,
      sentAt: true,
      template: admin,
      ticket: { select: { number: true, reporterId: true } },
    },
  });
  const signIns = await client.signInEvent.findMany({
    where: { userId: user.id },
    orderBy: { at: 'asc' },
    select: { at: true, method: true },
  });
  const sessions = await client.session.findMany({
    where: { userId: user.id },
    orderBy: { createdAt: 'asc' },
    select: { createdAt: true, expires: true },
  });
  const rawEmails = admin
    ? (
        await client.inboundEmail.findMany({
          where: { fromEmail: { equals: user.email, mode: 'insensitive' } },
          select: { id: true, receivedAt: true, subject: true },
          orderBy: { receivedAt: 'asc' },
        })
      ).map((row) => ({
        id: row.id,
        path: `eml/${row.receivedAt.toISOString().slice(0, 10)}-${row.id.slice(0, 8)}.eml`,
        subject: row.subject,
        receivedAt: row.receivedAt,
      }))
    : [];

  const data = {
    wygenerowano: now,
    zakres: admin ? 'pelny (administrator)' : 'wlasne dane (portal)',
    profil: {
      id: user.id,
      email: user.email,
      imieINazwisko: user.name,
      rola: user.role,
      jezyk: user.locale,
      identyfikatorVouchie: user.externalId,
      administratorFirmy: user.isCompanyAdmin,
      firma: user.company
        ? { nazwa: user.company.name, plan: user.company.plan, ...(admin ? { identyfikator: user.company.externalId } : {}) }
        : null,
      aktywne: user.active,
      pocztaWstrzymana: user.emailBouncedAt,
      utworzono: user.createdAt,
      ostatnieLogowanie: user.lastSignInAt,
    },
    zgloszenia: ticketData,
    ...(admin
      ? {
          wiadomosciWInnychZgloszeniach: elsewhere.map((m) => ({
            zgloszenie: formatTicketNumber(m.ticket.number),
            kiedy: m.createdAt,
            rodzaj: m.type,
            tresc: m.body,
            zalaczniki: m.attachments.map((a) => ({
              nazwa: a.fileName,
              plikWArchiwum: addAttachment(a, formatTicketNumber(m.ticket.number)),
            })),
          })),
          surowePrzychodzaceEmaile: rawEmails.map((r) => ({ plikWArchiwum: r.path, temat: r.subject, otrzymano: r.receivedAt })),
        }
      : {}),
    emaileDoMnie: emails
      // A mail about a colleague's ticket (a company admin is copied) is theirs: only in the admin's export.
      .filter((e) => admin || !e.ticket || e.ticket.reporterId === user.id)
      .map((e) => ({
        kiedy: e.createdAt,
        wyslano: e.sentAt,
        status: e.status,
        ...(admin ? { szablon: e.template } : {}),
        zgloszenie: e.ticket ? formatTicketNumber(e.ticket.number) : null,
        temat: e.subject,
        tresc: e.text,
      })),
    historiaLogowan: signIns.map((s) => ({ kiedy: s.at, sposob: s.method })),
    aktywneSesje: sessions.map((s) => ({ rozpoczeta: s.createdAt, wygasa: s.expires })),
  };

  return {
    data,
    attachments,
    rawEmails,
    summary: {
      tickets: tickets.length,
      attachments: attachments.length,
      attachmentBytes: attachments.reduce((sum, a) => sum + a.size, 0),
      rawEmails: rawEmails.length,
    },
  };
}

const README = `Dane osobowe z Wsparcia Vouchie (RODO, art. 15)

dane.json        profil, zgłoszenia z wiadomościami, identyfikatorami i oceną, e-maile wysłane do tej osoby,
                 historia logowań
zalaczniki/      załączniki, w folderze zgłoszenia (nazwa oryginalna w dane.json)
eml/             surowe e-maile wysłane przez tę osobę (tylko eksport administratora)

Daty w UTC (ISO 8601).
`;

const COMPRESSIBLE = new Set(['TEXT', 'PDF']);

/** The ZIP of `collected`, as a Node stream that reads attachments from storage only as the archive reaches them. */
export function zipPersonExport(collected: PersonExport): NodeJS.ReadableStream {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(README, 'utf8'), 'CZYTAJ.txt');
  zip.addBuffer(Buffer.from(JSON.stringify(collected.data, null, 2), 'utf8'), 'dane.json');
  for (const attachment of collected.attachments) {
    zip.addReadStreamLazy(attachment.path, { compress: COMPRESSIBLE.has(attachment.kind) }, (callback) => {
      storage()
        .get(attachment.storageKey)
        .then((stored) => {
          // A file missing from storage (purged since the JSON was read) becomes an empty entry, not a broken archive.
          callback(null, stored ? Readable.fromWeb(stored.body as import('node:stream/web').ReadableStream) : Readable.from([]));
        })
        .catch((error: unknown) => callback(error, Readable.from([])));
    });
  }
  for (const raw of collected.rawEmails) {
    zip.addReadStreamLazy(raw.path, (callback) => {
      db()
        .inboundEmail.findUnique({ where: { id: raw.id }, select: { raw: true } })
        .then((row) => callback(null, Readable.from(row ? [Buffer.from(row.raw)] : [])))
        .catch((error: unknown) => callback(error, Readable.from([])));
    });
  }
  zip.end();
  return zip.outputStream;
}

/** The archive's file name: `moje-dane-2026-12-07.zip` / `dane-osoby-<id8>-2026-12-07.zip`. */
export function exportFileName(scope: ExportScope, subjectId: string, now = new Date()): string {
  const day = now.toISOString().slice(0, 10);
  return scope === 'self' ? `moje-dane-${day}.zip` : `dane-osoby-${subjectId.slice(0, 8)}-${day}.zip`;
}

/** Buffers a whole ZIP stream (the worker's path, which stores the archive for a later download). */
export async function zipToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
