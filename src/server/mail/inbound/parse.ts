import { createHash } from 'node:crypto';
import {
  parseAddressHeader,
  simpleParser,
  type AddressObject,
  type Attachment,
  type EmailAddress as MailparserAddress,
  type HeaderValue,
  type ParsedMail,
  type StructuredHeader,
} from 'mailparser';
import sanitizeHtml from 'sanitize-html';

/**
 * Raw RFC 822 bytes → one normalised, database-free description of an inbound e-mail. mailparser does the MIME
 * work (transfer encodings, charsets, RFC 2047 words); this module decides what we keep, makes the HTML safe to
 * show, gives HTML-only mail a readable text, and never throws on a broken message: it returns what it could read
 * and says what was wrong in `problems`.
 */

export interface MailAddress {
  /** Lower-cased: addresses are compared with stored (lower-cased) user e-mails. */
  address: string;
  /** Display name, RFC 2047 decoded; empty when the header gave none. */
  name: string;
}

export interface InboundAttachment {
  /** As the sender named it (decoded); null when the part had no name. */
  filename: string | null;
  contentType: string;
  content: Buffer;
  size: number;
  /** Content-ID without angle brackets, matching `cid:` URLs in `html`. */
  cid: string | null;
  /** Shown in the body (inline disposition, or an image inside multipart/related) rather than attached. */
  inline: boolean;
}

export type ParseProblemCode =
  | 'unreadable'
  | 'malformed-header'
  | 'missing-boundary'
  | 'unclosed-boundary'
  | 'invalid-address'
  | 'missing-from'
  | 'invalid-date'
  /** Over mailparser's limits (1 MB of headers per part, ~1,000 parts): only the top-level header was read. */
  | 'over-limits'
  /** U+0000 removed: Postgres text cannot hold it. */
  | 'nul-characters';

export interface ParseProblem {
  code: ParseProblemCode;
  detail: string;
}

export interface ParsedEmail {
  /** `<id@host>` as sent, or `sha256:<hex of the raw bytes>` when the message has none (stable across re-delivery). */
  messageId: string;
  messageIdGenerated: boolean;
  from: MailAddress | null;
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  /** Delivered-To and X-Original-To: where the MTA actually delivered it, which keeps a plus-token a forward dropped from To. */
  envelopeRecipients: string[];
  subject: string;
  date: Date | null;
  /** `<id>` of the message this one answers, if any. */
  inReplyTo: string | null;
  /** `<id>` values of the References header, oldest first. */
  references: string[];
  /** What the person wrote, as plain text with `\n` line ends (quotes not yet stripped). */
  text: string;
  /** Where `text` came from: a text/plain part, or converted from the HTML part. */
  textSource: 'plain' | 'html' | 'none';
  /** The HTML part after sanitising (safe formatting only, images `cid:` or https); null when there was none. */
  html: string | null;
  /** The HTML part as sent, only for finding its quote container (stripQuotedReply): never stored nor shown. */
  htmlSource?: string | null;
  attachments: InboundAttachment[];
  /** Bodies of `message/delivery-status` parts (bounce reports), kept apart from attachments. */
  deliveryStatus: string[];
  /** The top-level Content-Type, e.g. `multipart/report` with `{ 'report-type': 'delivery-status' }`. */
  contentType: { value: string; params: Record<string, string> };
  /** Top-level headers by lower-case name, raw (unfolded, not decoded), every occurrence in order. */
  headers: ReadonlyMap<string, readonly string[]>;
  size: number;
  problems: ParseProblem[];
}

const PARSER_OPTIONS = {
  // Keep `cid:` links: inline images become stored attachments, not megabytes of data: URLs in the HTML.
  keepCidLinks: true,
  // We convert HTML to text ourselves, so `text` is empty exactly when there is no text/plain part.
  skipHtmlToText: true,
  skipTextToHtml: true,
  // Bounce reports come back as parts we can read, not appended to the text.
  keepDeliveryStatus: true,
  checksumAlgo: false,
} as const;

export async function parseRawEmail(raw: Buffer): Promise<ParsedEmail> {
  return withoutNul(await parseMime(raw));
}

async function parseMime(raw: Buffer): Promise<ParsedEmail> {
  const problems: ParseProblem[] = [];
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, PARSER_OPTIONS);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (OVER_LIMITS.test(detail)) return topLevelHeaderOnly(raw, [{ code: 'over-limits', detail }]);
    problems.push({ code: 'unreadable', detail });
    return emptyResult(raw, problems);
  }

  const headers = collectHeaders(mail, problems);
  problems.push(...boundaryProblems(raw));

  const from = readFrom(mail, headers, problems);
  const ownId = firstMessageId(mail.messageId ?? '');
  const plain = normaliseNewlines(mail.text ?? '');
  const htmlSource = typeof mail.html === 'string' && mail.html.trim() !== '' ? mail.html : null;
  const textFromHtml = plain.trim() === '' && htmlSource ? htmlToText(htmlSource) : '';

  const deliveryStatus: string[] = [];
  const attachments: InboundAttachment[] = [];
  for (const part of mail.attachments) {
    if (part.contentType === 'message/delivery-status') deliveryStatus.push(part.content.toString('utf8'));
    else attachments.push(toAttachment(part));
  }

  const contentTypeHeader = mail.headers.get('content-type');
  const contentType = isStructuredHeader(contentTypeHeader)
    ? { value: contentTypeHeader.value.toLowerCase(), params: contentTypeHeader.params }
    : { value: 'text/plain', params: {} };
  if (contentType.value.startsWith('multipart/') && !contentType.params.boundary) {
    problems.push({ code: 'missing-boundary', detail: `${contentType.value} without a boundary parameter` });
  }

  return {
    messageId: ownId ?? syntheticMessageId(raw),
    messageIdGenerated: ownId === null,
    from,
    replyTo: addressList(mail.replyTo, problems, 'Reply-To'),
    to: addressList(mail.to, problems, 'To'),
    cc: addressList(mail.cc, problems, 'Cc'),
    envelopeRecipients: envelopeRecipients(headers),
    subject: (mail.subject ?? '').replace(/\s+/g, ' ').trim(),
    date: readDate(mail, headers, problems),
    inReplyTo: firstMessageId(mail.inReplyTo ?? ''),
    references: messageIds(Array.isArray(mail.references) ? mail.references.join(' ') : (mail.references ?? '')),
    text: plain.trim() !== '' ? plain : textFromHtml,
    textSource: plain.trim() !== '' ? 'plain' : textFromHtml !== '' ? 'html' : 'none',
    html: htmlSource ? sanitizeEmailHtml(htmlSource) : null,
    htmlSource,
    attachments,
    deliveryStatus,
    contentType,
    headers,
    size: raw.length,
    problems,
  };
}

/** mailparser's errors for a message beyond its limits, as of 3.14 ("Max header size…", "Max allowed child nodes…"). */
const OVER_LIMITS = /^Max (header size|allowed child nodes)/i;

/**
 * A message mailparser refuses for its size limits is not garbage: it has a sender who expects an answer. Its
 * top-level header is read line by line (From, Subject, the threading headers), the body is left to the stored
 * raw mail, and the `over-limits` problem tells the ingest to flag it for an agent.
 */
function topLevelHeaderOnly(raw: Buffer, problems: ParseProblem[]): ParsedEmail {
  const end = raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') : raw.indexOf('\n\n');
  const block = raw.subarray(0, end >= 0 ? end : raw.length).toString('latin1');
  const headers = new Map<string, string[]>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = decodeHeaderBytes(line.slice(colon + 1)).trim();
    const list = headers.get(key);
    if (list) list.push(value);
    else headers.set(key, [value]);
  }
  const fromValue = headers.get('from')?.[0];
  const found = fromValue === undefined ? null : ADDRESS_IN_TEXT.exec(fromValue);
  const from =
    fromValue !== undefined && found
      ? { address: found[0].toLowerCase(), name: fromValue.slice(0, found.index).replace(/[<"]/g, ' ').replace(/\s+/g, ' ').trim() }
      : null;
  const ownId = firstMessageId(headers.get('message-id')?.[0] ?? '');
  return {
    ...emptyResult(raw, problems),
    messageId: ownId ?? syntheticMessageId(raw),
    messageIdGenerated: ownId === null,
    from,
    subject: (headers.get('subject')?.[0] ?? '').replace(/\s+/g, ' ').trim().slice(0, 1_000),
    inReplyTo: firstMessageId(headers.get('in-reply-to')?.[0] ?? ''),
    references: messageIds(headers.get('references')?.[0] ?? ''),
    headers,
  };
}

const NUL = /\u0000/g;

/** Removes U+0000 from everything that may reach a text column, and says so. */
function withoutNul(parsed: ParsedEmail): ParsedEmail {
  let found = false;
  const clean = (value: string): string => {
    if (!value.includes('\u0000')) return value;
    found = true;
    return value.replace(NUL, '');
  };
  const address = (a: MailAddress): MailAddress => ({ address: clean(a.address), name: clean(a.name) });
  const result: ParsedEmail = {
    ...parsed,
    messageId: clean(parsed.messageId),
    from: parsed.from && address(parsed.from),
    replyTo: parsed.replyTo.map(address),
    to: parsed.to.map(address),
    cc: parsed.cc.map(address),
    envelopeRecipients: parsed.envelopeRecipients.map(clean),
    subject: clean(parsed.subject),
    inReplyTo: parsed.inReplyTo === null ? null : clean(parsed.inReplyTo),
    references: parsed.references.map(clean),
    text: clean(parsed.text),
    html: parsed.html === null ? null : clean(parsed.html),
    attachments: parsed.attachments.map((a) => ({
      ...a,
      filename: a.filename === null ? null : clean(a.filename),
      cid: a.cid === null ? null : clean(a.cid),
    })),
    deliveryStatus: parsed.deliveryStatus.map(clean),
  };
  return found ? { ...result, problems: [...result.problems, { code: 'nul-characters', detail: 'U+0000 removed' }] } : parsed;
}

function emptyResult(raw: Buffer, problems: ParseProblem[]): ParsedEmail {
  return {
    messageId: syntheticMessageId(raw),
    messageIdGenerated: true,
    from: null,
    replyTo: [],
    to: [],
    cc: [],
    envelopeRecipients: [],
    subject: '',
    date: null,
    inReplyTo: null,
    references: [],
    text: '',
    textSource: 'none',
    html: null,
    attachments: [],
    deliveryStatus: [],
    contentType: { value: 'text/plain', params: {} },
    headers: new Map(),
    size: raw.length,
    problems,
  };
}

function isStructuredHeader(value: HeaderValue | undefined): value is StructuredHeader {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) return false;
  const candidate: Record<string, unknown> = { ...value };
  return typeof candidate.value === 'string' && typeof candidate.params === 'object' && candidate.params !== null;
}

function syntheticMessageId(raw: Buffer): string {
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** `<id>` tokens of a Message-ID list header; bare ids with an `@` are accepted and given brackets. */
export function messageIds(value: string): string[] {
  const bracketed = value.match(/<[^<>\s]+>/g);
  const ids =
    bracketed ??
    value
      .split(/[\s,]+/)
      .filter((part) => part.includes('@'))
      .map((part) => `<${part}>`);
  return [...new Set(ids)];
}

function firstMessageId(value: string): string | null {
  return messageIds(value)[0] ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// Headers and addresses

function collectHeaders(mail: ParsedMail, problems: ParseProblem[]): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const { key, line } of mail.headerLines) {
    if (!key) {
      if (line.trim() !== '')
        problems.push({ code: 'malformed-header', detail: `Not a header line: ${JSON.stringify(decodeHeaderBytes(line).slice(0, 120))}` });
      continue;
    }
    const colon = line.indexOf(':');
    const value = decodeHeaderBytes(line.slice(colon + 1))
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    const list = headers.get(key);
    if (list) list.push(value);
    else headers.set(key, [value]);
  }
  return headers;
}

/** mailparser gives raw header lines as one character per byte; 8-bit headers are UTF-8 (RFC 6532) or, rarely, Latin-1. */
function decodeHeaderBytes(binary: string): string {
  const utf8 = Buffer.from(binary, 'latin1').toString('utf8');
  return utf8.includes('\ufffd') ? binary : utf8;
}

const PLAIN_ADDRESS = /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+\.[^\s@<>()[\]",;:\\]+$/;
const ADDRESS_IN_TEXT = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

function flatten(entries: MailparserAddress[]): MailparserAddress[] {
  return entries.flatMap((entry) => (entry.group ? flatten(entry.group) : [entry]));
}

function addressList(header: AddressObject | AddressObject[] | undefined, problems: ParseProblem[], label: string): MailAddress[] {
  if (!header) return [];
  const objects = Array.isArray(header) ? header : [header];
  const result: MailAddress[] = [];
  for (const entry of flatten(objects.flatMap((object) => object.value))) {
    const address = (entry.address ?? '').trim().toLowerCase();
    if (PLAIN_ADDRESS.test(address)) {
      result.push({ address, name: entry.name.trim() });
    } else if (address !== '' || entry.name.trim() !== '') {
      problems.push({ code: 'invalid-address', detail: `${label}: ${JSON.stringify(entry.address ?? entry.name)}` });
    }
  }
  return result;
}

/** The first valid From address; when the header is mangled, any address-shaped text in its raw value. */
function readFrom(mail: ParsedMail, headers: Map<string, string[]>, problems: ParseProblem[]): MailAddress | null {
  const parsed = addressList(mail.from, problems, 'From')[0];
  if (parsed) return parsed;
  const rawValue = headers.get('from')?.[0];
  if (rawValue === undefined) {
    problems.push({ code: 'missing-from', detail: 'The message has no From header' });
    return null;
  }
  const found = ADDRESS_IN_TEXT.exec(rawValue);
  if (!found) return null;
  const name = rawValue.slice(0, found.index).replace(/[<"]/g, ' ').replace(/\s+/g, ' ').trim();
  return { address: found[0].toLowerCase(), name };
}

function envelopeRecipients(headers: Map<string, string[]>): string[] {
  const values = [...(headers.get('delivered-to') ?? []), ...(headers.get('x-original-to') ?? [])];
  const result = new Set<string>();
  for (const value of values) {
    for (const entry of flatten(parseAddressHeader(value).value)) {
      const address = (entry.address ?? '').trim().toLowerCase();
      if (PLAIN_ADDRESS.test(address)) result.add(address);
    }
  }
  return [...result];
}

/** mailparser substitutes "now" for an unreadable Date header; a wrong date is worse than none. */
function readDate(mail: ParsedMail, headers: Map<string, string[]>, problems: ParseProblem[]): Date | null {
  const rawValue = headers.get('date')?.[0];
  if (rawValue === undefined) return null;
  if (Number.isNaN(Date.parse(rawValue.replace(/\([^)]*\)\s*$/, ''))) || !mail.date || Number.isNaN(mail.date.getTime())) {
    problems.push({ code: 'invalid-date', detail: `Date: ${JSON.stringify(rawValue.slice(0, 80))}` });
    return null;
  }
  return mail.date;
}

/** Multipart boundaries that are declared but never closed: the last part may be cut off (truncated upload, broken client). */
function boundaryProblems(raw: Buffer): ParseProblem[] {
  const source = raw.toString('latin1');
  const problems: ParseProblem[] = [];
  const contentTypes = source.match(/^content-type:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/gim) ?? [];
  for (const header of contentTypes) {
    const match = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(header);
    const boundary = match?.[1] ?? match?.[2];
    if (boundary && !source.includes(`--${boundary}--`)) {
      problems.push({ code: 'unclosed-boundary', detail: `The multipart boundary "${boundary}" is never closed` });
    }
  }
  return problems;
}

function toAttachment(part: Attachment): InboundAttachment {
  return {
    filename: part.filename?.trim() || null,
    contentType: part.contentType.toLowerCase(),
    content: part.content,
    size: part.size,
    cid: part.cid ?? null,
    inline: part.contentDisposition === 'inline' || part.related === true,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// HTML

const NON_TEXT_TAGS = ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'template', 'object', 'iframe', 'svg', 'math'];
const LINK_SCHEMES = ['http', 'https', 'mailto', 'tel'];
const SAFE_HREF = /^(https?:\/\/|mailto:|tel:)/i;
const SAFE_IMAGE_SRC = /^(https:\/\/|cid:)/i;

const SAFE_TAGS = [
  'p',
  'div',
  'span',
  'br',
  'hr',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'strike',
  'del',
  'ins',
  'sub',
  'sup',
  'small',
  'mark',
  'blockquote',
  'pre',
  'code',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'caption',
  'a',
  'img',
  'center',
  'font',
];

/** Strips control characters and spaces browsers ignore inside a URL scheme (`java\tscript:`), before checking it. */
function cleanUrl(value: string | undefined): string {
  return (value ?? '').replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
}

/**
 * Safe formatting only: no scripts, styles, forms, frames, event handlers or `style` attributes; links only to
 * http(s), mailto and tel (they open in a new tab without a referrer); images only from `cid:` parts or https,
 * never relative URLs, which would make the viewer's browser call our own app with its cookies.
 */
export function sanitizeEmailHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: SAFE_TAGS,
    allowedAttributes: {
      a: ['href', 'title', 'rel', 'target'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      td: ['colspan', 'rowspan', 'align', 'valign'],
      th: ['colspan', 'rowspan', 'align', 'valign'],
      ol: ['start', 'type'],
      font: ['color'],
      p: ['align', 'dir'],
      div: ['align', 'dir'],
    },
    allowedSchemes: LINK_SCHEMES,
    allowedSchemesByTag: { img: ['https', 'cid'] },
    allowProtocolRelative: false,
    nonTextTags: NON_TEXT_TAGS,
    transformTags: {
      a: (tagName, attribs) => {
        const href = cleanUrl(attribs.href);
        return {
          tagName,
          attribs: {
            ...(SAFE_HREF.test(href) ? { href } : {}),
            ...(attribs.title ? { title: attribs.title } : {}),
            rel: 'noopener noreferrer nofollow',
            target: '_blank',
          },
        };
      },
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !SAFE_IMAGE_SRC.test(cleanUrl(frame.attribs.src)),
  }).trim();
}

const TEXT_TAGS = [
  'p',
  'div',
  'br',
  'hr',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'a',
  'blockquote',
  'pre',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'tr',
  'td',
  'th',
  'caption',
  'section',
  'article',
  'header',
  'footer',
  'address',
  'center',
];
const PARAGRAPH_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'ul', 'ol', 'dl', 'pre']);
const LINE_TAGS = new Set(['div', 'tr', 'dt', 'dd', 'caption', 'section', 'article', 'header', 'footer', 'address', 'center']);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Builds plain text line by line, with `> ` in front of lines inside a blockquote. */
class TextWriter {
  private readonly lines: string[] = [];
  private line = '';
  private lineStarted = false;
  private quoteDepth = 0;
  /** Right after a blockquote opens, a paragraph inside it needs no blank line above. */
  private quoteJustOpened = false;

  write(text: string): void {
    if (text === '') return;
    this.line += text;
    this.lineStarted = true;
    this.quoteJustOpened = false;
  }

  openQuote(): void {
    this.block(0);
    this.quoteDepth += 1;
    this.quoteJustOpened = true;
  }

  closeQuote(): void {
    if (this.quoteDepth === 0) return;
    this.block(0);
    const blank = '>'.repeat(this.quoteDepth);
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === blank) this.lines.pop();
    this.quoteDepth -= 1;
  }

  /** Ends the current line, even an empty one (a `<br>`). */
  newline(): void {
    const prefix = this.quoteDepth > 0 ? `${'>'.repeat(this.quoteDepth)} ` : '';
    this.lines.push(`${prefix}${this.line}`.trimEnd());
    this.line = '';
    this.lineStarted = false;
  }

  /** Makes sure what follows starts on a fresh line, after `blankLines` empty lines (never before the first text). */
  block(blankLines: 0 | 1): void {
    if (this.lineStarted) this.newline();
    if (this.lines.length === 0 || this.quoteJustOpened) return;
    let trailingBlank = 0;
    for (let i = this.lines.length - 1; i >= 0 && /^>*$/.test(this.lines[i] ?? ''); i -= 1) trailingBlank += 1;
    for (let i = trailingBlank; i < blankLines; i += 1) this.newline();
  }

  get atLineStart(): boolean {
    return !this.lineStarted || /\s$/.test(this.line);
  }

  finish(): string {
    if (this.lineStarted) this.newline();
    return this.lines
      .join('\n')
      .replace(/\u00a0/g, ' ')
      .replace(/[ \t]+$/gm, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }
}

/**
 * HTML → readable plain text for HTML-only mail: paragraphs and line breaks kept, lists as `- ` / `1. `, quoted
 * blocks as `> ` lines (so quote stripping works the same as for text mail), links as `text (url)`. The HTML is
 * first normalised by sanitize-html, so the small tokenizer below only ever sees well-formed, escaped markup.
 */
export function htmlToText(html: string): string {
  const clean = sanitizeHtml(html, {
    allowedTags: TEXT_TAGS,
    allowedAttributes: { a: ['href'] },
    allowedSchemes: LINK_SCHEMES,
    allowProtocolRelative: false,
    nonTextTags: NON_TEXT_TAGS,
  });
  const out = new TextWriter();
  const lists: { ordered: boolean; next: number }[] = [];
  const links: { href: string; text: string }[] = [];
  let preDepth = 0;
  let cellInRow = 0;

  const writeText = (raw: string) => {
    let text = decodeEntities(raw);
    if (preDepth === 0) {
      text = text.replace(/[ \t\r\n\f]+/g, ' ');
      if (out.atLineStart) text = text.replace(/^ /, '');
      out.write(text);
    } else {
      text.split('\n').forEach((segment, index) => {
        if (index > 0) out.newline();
        out.write(segment);
      });
    }
    for (const link of links) link.text += text;
  };

  for (const token of clean.matchAll(/<(\/?)([a-z0-9]+)([^>]*)>|([^<]+)/gi)) {
    const [, closing, rawName, rawAttributes, text] = token;
    if (text !== undefined) {
      writeText(text);
      continue;
    }
    const name = (rawName ?? '').toLowerCase();
    const isClosing = closing === '/';
    if (name === 'br') {
      out.newline();
    } else if (name === 'hr') {
      out.block(0);
      out.write('---');
      out.newline();
    } else if (name === 'blockquote') {
      if (isClosing) out.closeQuote();
      else out.openQuote();
    } else if (name === 'ul' || name === 'ol') {
      if (isClosing) lists.pop();
      else lists.push({ ordered: name === 'ol', next: 1 });
      out.block(lists.length === 0 ? 1 : 0);
    } else if (name === 'li') {
      out.block(0);
      if (!isClosing) {
        const list = lists[lists.length - 1];
        const indent = '  '.repeat(Math.max(0, lists.length - 1));
        out.write(list?.ordered ? `${indent}${list.next++}. ` : `${indent}- `);
      }
    } else if (name === 'a') {
      if (!isClosing) {
        const href = /href="([^"]*)"/.exec(rawAttributes ?? '')?.[1];
        links.push({ href: href ? decodeEntities(href) : '', text: '' });
      } else {
        const link = links.pop();
        if (link?.href) {
          const label = link.text.replace(/\s+/g, ' ').trim();
          const shown = link.href.replace(/^mailto:/i, '');
          if (label === '') out.write(shown);
          else if (label !== shown && label !== link.href && `${label}/` !== shown) out.write(` (${shown})`);
        }
      }
    } else if (name === 'td' || name === 'th') {
      if (!isClosing && cellInRow++ > 0) out.write(' ');
    } else if (name === 'tr') {
      cellInRow = 0;
      out.block(0);
    } else if (name === 'pre') {
      preDepth += isClosing ? -1 : 1;
      out.block(1);
    } else if (PARAGRAPH_TAGS.has(name)) {
      out.block(1);
    } else if (LINE_TAGS.has(name)) {
      out.block(0);
    }
  }
  return out.finish();
}
