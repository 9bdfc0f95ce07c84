import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sign } from '@/server/auth/signing';
import { env } from '@/server/env';
import { parseTicketNumber } from '@/server/tickets/numbering';
import { messageIds, type ParsedEmail } from './inbound/parse';

/**
 * Threading keys for e-mail: every mail we send about a ticket carries a signed reply token, in its Reply-To
 * address (`wsparcie+TOKEN@domain`) and its Message-ID (`<t.TOKEN.random@domain>`), so a reply finds its ticket
 * even when the customer's client drops one of them. Inbound mail is matched by the token, then by the stored
 * Message-IDs it references, then by a `[VCH-10001]` subject tag (the ingest decides which to trust).
 *
 * Token format: 25 bytes, written as 40 lower-case base32 characters (RFC 4648 alphabet `a-z2-7`, no padding),
 * so it is a valid, case-insensitive local-part suffix that survives MTAs which lower-case addresses:
 *
 *   bytes  0–15  the ticket id (UUID)
 *   bytes 16–20  ticket MAC:    HMAC(mail-reply key, { t: ticketId }), first 5 bytes
 *   bytes 21–24  recipient MAC: HMAC(mail-reply key, { t: ticketId, r: recipient lower-cased }), first 4 bytes
 *
 * Two MACs so a token can be checked with or without knowing who replied: the ticket MAC proves we minted it for
 * that ticket (2^40 guesses per ticket id to forge, each one an e-mail), the recipient MAC says whether the reply
 * comes from the person we sent it to (a forward or a colleague answering gets `other-recipient`). The MACs come
 * from `sign` with purpose `mail-reply`, so the key is derived from AUTH_SECRET like every other signed token and
 * differs from theirs.
 */

const PURPOSE = 'mail-reply';
const UUID_BYTES = 16;
const TICKET_MAC_BYTES = 5;
const RECIPIENT_MAC_BYTES = 4;
const TOKEN_BYTES = UUID_BYTES + TICKET_MAC_BYTES + RECIPIENT_MAC_BYTES;
/** 25 bytes × 8 bits / 5 bits per character. */
export const REPLY_TOKEN_LENGTH = 40;
/** References we write on a reply: the thread's first message and the latest ones. */
export const MAX_REFERENCES = 10;
/** Referenced ids handed to the database lookup, newest first; a hostile References header can hold thousands. */
export const MAX_REFERENCED_IDS = 50;

declare const replyTokenBrand: unique symbol;
/** 40 lower-case base32 characters; shaped like a token, not yet verified (see `verifyReplyToken`). */
export type ReplyToken = string & { readonly [replyTokenBrand]: true };

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const TOKEN_SHAPE = /^[a-z2-7]{40}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function base32Encode(bytes: Buffer): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/** Only for strings of a multiple of 8 characters (the token is 40), so there are no padding bits to check. */
function base32Decode(text: string): Buffer {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    buffer = (buffer << 5) | BASE32.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      bytes.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
      buffer &= (1 << bits) - 1;
    }
  }
  return Buffer.from(bytes);
}

function mac(payload: object, length: number): Buffer {
  const signature = sign(PURPOSE, payload).split('.')[1] ?? '';
  return Buffer.from(signature, 'base64url').subarray(0, length);
}

function ticketMac(ticketId: string): Buffer {
  return mac({ t: ticketId }, TICKET_MAC_BYTES);
}

function recipientMac(ticketId: string, recipientEmail: string): Buffer {
  return mac({ t: ticketId, r: recipientEmail.trim().toLowerCase() }, RECIPIENT_MAC_BYTES);
}

function uuidFromBytes(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The token for mail about `ticketId` sent to `recipientEmail`. */
export function createReplyToken(ticketId: string, recipientEmail: string): ReplyToken {
  const id = ticketId.toLowerCase();
  if (!UUID.test(id)) throw new Error(`Reply tokens name a ticket by its UUID, got ${JSON.stringify(ticketId)}`);
  const bytes = Buffer.concat([Buffer.from(id.replace(/-/g, ''), 'hex'), ticketMac(id), recipientMac(id, recipientEmail)]);
  return base32Encode(bytes) as ReplyToken;
}

/** The value as a token if it has a token's shape (any letter case), else null. Says nothing about its signature. */
export function asReplyToken(value: string): ReplyToken | null {
  const lower = value.trim().toLowerCase();
  return TOKEN_SHAPE.test(lower) ? (lower as ReplyToken) : null;
}

export type ReplyTokenVerification =
  /** Minted by us for this ticket; `recipientChecked` is false when no recipient was given to compare. */
  | { valid: true; ticketId: string; recipientChecked: boolean }
  /** Minted by us for this ticket, but for someone else: a forwarded mail or a colleague replying. */
  | { valid: false; reason: 'other-recipient'; ticketId: string }
  | { valid: false; reason: 'malformed' | 'bad-signature' };

export function verifyReplyToken(token: string, recipientEmail?: string | null): ReplyTokenVerification {
  const shaped = asReplyToken(token);
  if (!shaped) return { valid: false, reason: 'malformed' };
  const bytes = base32Decode(shaped);
  if (bytes.length !== TOKEN_BYTES) return { valid: false, reason: 'malformed' };
  const ticketId = uuidFromBytes(bytes.subarray(0, UUID_BYTES));
  const givenTicketMac = bytes.subarray(UUID_BYTES, UUID_BYTES + TICKET_MAC_BYTES);
  if (!timingSafeEqual(givenTicketMac, ticketMac(ticketId))) return { valid: false, reason: 'bad-signature' };
  if (!recipientEmail) return { valid: true, ticketId, recipientChecked: false };
  const givenRecipientMac = bytes.subarray(UUID_BYTES + TICKET_MAC_BYTES);
  if (!timingSafeEqual(givenRecipientMac, recipientMac(ticketId, recipientEmail)))
    return { valid: false, reason: 'other-recipient', ticketId };
  return { valid: true, ticketId, recipientChecked: true };
}

function splitAddress(address: string): { local: string; domain: string } {
  const at = address.lastIndexOf('@');
  return { local: address.slice(0, at), domain: address.slice(at + 1).toLowerCase() };
}

/**
 * `<local>+<token>@<domain>` of SUPPORT_EMAIL: the same mailbox, thanks to plus addressing, so it needs no
 * mail-server set-up beyond what SUPPORT_EMAIL already has.
 */
export function replyAddress(token: ReplyToken, supportEmail: string = env().SUPPORT_EMAIL): string {
  const { local, domain } = splitAddress(supportEmail);
  return `${local}+${token}@${domain}`;
}

/**
 * The token of a plus address (`anything+TOKEN@any.domain`, any letter case, with or without `<>`), else null.
 * The domain is not checked: aliases and forwarding rewrite it (Delivered-To), and the signature is what counts.
 */
export function parseReplyAddress(address: string): ReplyToken | null {
  const match = /^<?([^@\s<>]+)\+([a-z2-7]{40})@([^@\s<>]+)>?$/i.exec(address.trim());
  return match?.[2] ? asReplyToken(match[2]) : null;
}

/** A Message-ID carrying the token: `<t.TOKEN.RANDOM@domain>`, unique per e-mail. */
export function threadMessageId(token: ReplyToken, supportEmail: string = env().SUPPORT_EMAIL): string {
  return `<t.${token}.${base32Encode(randomBytes(10))}@${splitAddress(supportEmail).domain}>`;
}

export function tokenFromMessageId(messageId: string): ReplyToken | null {
  const match = /^<?t\.([a-z2-7]{40})\.[a-z2-7]+@[^@\s<>]+>?$/i.exec(messageId.trim());
  return match?.[1] ? asReplyToken(match[1]) : null;
}

/** The ticket number of the first `[VCH-12345]` tag in a subject, else null. */
export function subjectTicketNumber(subject: string): number | null {
  const match = /\[\s*(VCH-\d{1,9})\s*\]/i.exec(subject);
  return match?.[1] ? parseTicketNumber(match[1]) : null;
}

export type ThreadingInput = Pick<ParsedEmail, 'to' | 'cc' | 'envelopeRecipients' | 'inReplyTo' | 'references' | 'subject'>;

export interface ThreadingKeys {
  /** Candidate tokens, most specific first (addresses, then In-Reply-To, then References newest first); unverified. */
  replyTokens: ReplyToken[];
  /** In-Reply-To then References newest first, `<id>` form, for looking up our own and earlier inbound messages. */
  referencedMessageIds: string[];
  subjectTicketNumber: number | null;
}

export function extractThreadingKeys(email: ThreadingInput): ThreadingKeys {
  const referenced = [...new Set([...(email.inReplyTo ? [email.inReplyTo] : []), ...[...email.references].reverse()])];
  const fromAddresses = [...email.to, ...email.cc]
    .map((entry) => entry.address)
    .concat(email.envelopeRecipients)
    .map(parseReplyAddress);
  const fromMessageIds = referenced.map(tokenFromMessageId);
  const tokens = [...fromAddresses, ...fromMessageIds].filter((token): token is ReplyToken => token !== null);
  return {
    replyTokens: [...new Set(tokens)],
    referencedMessageIds: referenced.slice(0, MAX_REFERENCED_IDS),
    subjectTicketNumber: subjectTicketNumber(email.subject),
  };
}

/**
 * The References header for a reply, from the thread's ids oldest first (the parent's References, then its
 * Message-ID). RFC 5322 lets a long chain be trimmed: we keep the first message, which roots the thread in every
 * client, and the latest ones, never more than MAX_REFERENCES.
 */
export function buildReferences(previousIds: readonly string[]): string[] {
  const ids = [...new Set(previousIds.flatMap((id) => messageIds(id)))];
  if (ids.length <= MAX_REFERENCES) return ids;
  return [ids[0] ?? '', ...ids.slice(ids.length - (MAX_REFERENCES - 1))];
}
