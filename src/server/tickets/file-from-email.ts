import type { Tx } from '@/server/db/client';
import { DEFAULT_LOCALE } from '@/i18n/config';
import { translator } from '@/i18n/messages';
import { createTicket, type CreatedTicket } from './create';
import type { CallerSql } from './write-sql';
import { clamp, LIMITS, ticketFieldsSchema } from './schemas';

/**
 * E-mail's way in for a new request (beside the contact form's fileTicketFromForm and the API's
 * fileTicketFromApi): a mail that answers no ticket becomes a ticket for its sender, channel EMAIL, category
 * OTHER. The subject and the text are made to fit the shared schema (a mail may have no subject, or one word);
 * the fallback texts come from the catalogue in the default locale. Attachments the ticket cannot take as a set
 * (count, total size) are dropped; the raw mail keeps them.
 */
export interface EmailRequest {
  sender: string;
  senderName: string | undefined;
  subject: string;
  /** The mail's text without quotes and signatures. */
  body: string;
  /** What trimming took off the mail (signature, quoted history), or null: kept on the first message for staff. */
  trimmedText: string | null;
  messageId: string;
  /** Whether the receiving MTA authenticated the sender: only then does the confirmation quote the mail. */
  reporterVerified: boolean;
  attachmentTokens: string[];
  /** Writes that must commit with the ticket (the inbound mail's record). */
  inSameTransaction: (tx: Tx, ticket: CreatedTicket) => Promise<void>;
  /**
   * Writes at the start of the ticket's transaction (createTicket's beforeWrite); `withAttachments` is false on the
   * second try, after the ticket could not take the attachments as a set.
   */
  beforeWrite?: (tx: Tx, withAttachments: boolean) => Promise<void>;
  /** The same writes (the record, the count, the files' rows) as SQL, for createTicket's fast path. */
  sql?: (withAttachments: boolean) => CallerSql<CreatedTicket>;
}

export async function fileTicketFromEmail(mail: EmailRequest): Promise<CreatedTicket> {
  const before = mail.beforeWrite;
  const open = (tokens: string[]) =>
    createTicket({
      fields: ticketFieldsSchema.parse({
        category: 'OTHER',
        subject: subjectFor(mail.subject),
        actual: descriptionFor(mail.body, mail.subject),
      }),
      reporter: { email: mail.sender, name: mail.senderName?.trim() || mail.sender },
      reporterVerified: mail.reporterVerified,
      channel: 'EMAIL',
      attachmentTokens: tokens,
      idempotencyKey: mail.messageId.slice(0, 120),
      emailMessageId: mail.messageId,
      trimmedText: mail.trimmedText,
      inSameTransaction: mail.inSameTransaction,
      beforeWrite: before && ((tx) => before(tx, tokens.length > 0)),
      sql: mail.sql?.(tokens.length > 0),
    });
  const withFiles = await open(mail.attachmentTokens);
  const created = withFiles.ok ? withFiles : await open([]);
  if (!created.ok)
    throw new Error(`could not open a ticket: ${created.error.kind === 'attachments' ? created.error.error.code : created.error.kind}`);
  return created.value;
}

const t = () => translator(DEFAULT_LOCALE);

/** Lengths as zod's min/max count them: code points, so '𐀀' (two UTF-16 units) is one character. */
function codePoints(text: string): number {
  return [...text].length;
}

function subjectFor(subject: string): string {
  const clean = subject.replace(/\s+/g, ' ').trim();
  if (codePoints(clean) >= LIMITS.subject.min) return clamp(clean, LIMITS.subject.max);
  return clean ? t()('inboundEmail.shortSubject', { subject: clean }) : t()('inboundEmail.noSubject');
}

function descriptionFor(body: string, subject: string): string {
  const text = codePoints(body.trim()) >= LIMITS.description.min ? body.trim() : `${subject.trim()}\n\n${body.trim()}`.trim();
  return codePoints(text) >= LIMITS.description.min
    ? clamp(text, LIMITS.description.max)
    : t()('inboundEmail.shortDescription', { text }).trim();
}
