/**
 * Cuts an e-mail reply down to what the person wrote, for mail clients in Polish, English and the other European
 * languages customers write in. Nothing is thrown away: the quoted history and the signature are returned beside
 * the reply. The rules decide by structure (a header line followed by a block of `>` lines or of header lines),
 * never by one line alone, and when the structure is ambiguous they keep more: losing a customer's words is worse
 * than showing a quote twice.
 *
 * Every test below runs on one line (capped at MAX_HEADER_LINE characters) or on a window of at most a dozen lines,
 * and no regular expression nests quantifiers, so the work stays linear in the size of the mail, whatever it holds.
 */

import { htmlToText } from './parse';

export interface StrippedReply {
  reply: string;
  quoted: string;
  signature: string;
}

/** Longer lines are never quote headers (nor signatures): the cap also bounds the regex work per line. */
const MAX_HEADER_LINE = 400;

/** Words that say "wrote" (or "sent") in the attribution line of a quoted mail. */
const VERB =
  '(?:wrote|napisał\\(a\\)|napisała|napisał|napisal|pisał\\(a\\)|schrieb|geschrieben|a écrit|a ecrit|schreef|geschreven|skrev|escribió|escribio|escreveu|ha scritto|scrisse|написал\\(а\\)|написала|написал|написав\\(ла\\)|написав|написала|napsal\\(a\\)|napsala|napsal|napísal\\(a\\)|napísala|napísal|írta|kirjoitti)';
/** Weaker verbs: only after an opener such as "On", "W dniu" ("On … sent:", "W dniu …, Jan pisze:"). */
const WEAK_VERB = '(?:sent|writes|pisze|пишет|пише|píše|schreibt|écrit)';
/** The attribution ends with its verb (Gmail, Thunderbird, Apple in most languages) … */
const ENDS_WITH_VERB = new RegExp(`(?<![\\p{L}])${VERB}\\s*:$`, 'iu');
const ENDS_WITH_WEAK_VERB = new RegExp(`(?<![\\p{L}])${WEAK_VERB}\\s*:$`, 'iu');
/** … or names the verb before the author, ending in "<addr>:" or "Name:" (Apple DE/NL/SV, Gmail NL/SV/HU). */
const HAS_VERB = new RegExp(
  `(?<![\\p{L}])(?:${VERB.slice(3, -1)}|het volgende geschreven|ezt írta|odesílatel|odosielateľ)(?![\\p{L}])`,
  'iu',
);
/** Words an attribution starts with, per language. */
const OPENER_WORD = /^(on|w dniu|dnia|am|le|el|op|il giorno|il|em|den|dne|dňa|på|użytkownik|wiadomość napisana przez)\s/iu;
/** Capitalised openers, searched for inside a line whose text runs straight into the header ("Thanks!On Fri, …"). */
const GLUED_OPENER = /(On|W dniu|Dnia|Am|Le|El|Op|Il giorno|Em|Den|Dne|Dňa|På) /gu;
/** Thunderbird (older) "Jan wrote on 27/11/2026 10:15:". */
const WROTE_ON = /^.{1,200}\swrote on\s.{1,200}:$/iu;
/** Date-first Gmail headers: "2016-10-24 15:36 GMT+02:00 Name <addr>:", "2013/7/20 Name <addr>". */
const DATE_FIRST = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[\s,]/u;
const ENDS_WITH_ADDRESS = /<[^<>\s]{1,200}@[^<>\s]{1,200}>\s*:?$/u;
/** Zoho "---- On Fri, 27 Nov 2026 Jan <jan@x> wrote ----", Android "---- Jan Kowalski wrote ----". */
const DASHED_VERB_END = new RegExp(`(?<![\\p{L}])(?:${VERB.slice(3, -1)}|${WEAK_VERB.slice(3, -1)})\\s?:?$`, 'iu');

function isDashedAttribution(line: string): boolean {
  let start = 0;
  let end = line.length;
  while (start < end && line[start] === '-') start += 1;
  while (end > start && line[end - 1] === '-') end -= 1;
  if (start < 2 || line.length - end < 2) return false;
  const inner = line.slice(start, end).trim();
  return inner.length > 0 && DASHED_VERB_END.test(inner.slice(-40));
}

/** "Original message" and "Forwarded message" separators, in the languages our customers' clients speak. */
const SEPARATOR_WORDS =
  "(original message|reply message|forwarded message|wiadomość oryginalna|oryginalna wiadomość|pierwotna wiadomość|oryginalna wiadomosc|wiadomosc oryginalna|wiadomość przekazana|przekazana wiadomość|wiadomość przesłana dalej|wiadomość przekazana dalej|ursprüngliche nachricht|ursprungliche nachricht|originalnachricht|weitergeleitete nachricht|message d'origine|message d’origine|message original|message transféré|mensaje original|mensaje reenviado|mensagem original|mensagem encaminhada|messaggio originale|messaggio inoltrato|oorspronkelijk bericht|origineel bericht|doorgestuurd bericht|ursprungligt meddelande|vidarebefordrat meddelande|opprinnelig melding|videresendt melding|oprindelig meddelelse|videresendt meddelelse|исходное сообщение|оригинальное сообщение|пересылаемое сообщение|пересланное сообщение|вихідне повідомлення|оригінальне повідомлення|переслане повідомлення|původní zpráva|přeposlaná zpráva|pôvodná správa|preposlaná správa|eredeti üzenet|továbbított üzenet|alkuperäinen viesti|välitetty viesti)";
const SEPARATOR_INNER = new RegExp(`^${SEPARATOR_WORDS}\\s?:?$`, 'iu');
const SEPARATOR_PUNCTUATION = new Set(['-', '_', '*', '=', '<', '>', ' ', '\t']);

/** "-----Original Message-----", "*--- Wiadomość oryginalna ---*" … scanned by hand, no backtracking. */
function isSeparator(line: string): boolean {
  let start = 0;
  let end = line.length;
  let dashes = 0;
  while (start < end && SEPARATOR_PUNCTUATION.has(line[start] ?? '')) if ('-_*='.includes(line[start++] ?? ' ')) dashes += 1;
  while (end > start && SEPARATOR_PUNCTUATION.has(line[end - 1] ?? '')) if ('-_*='.includes(line[--end] ?? ' ')) dashes += 1;
  // A bare "Original message" line could be the person's own words: only with the dashes around it.
  if (dashes < 2) return false;
  const inner = line.slice(start, end);
  return inner.length <= 60 && SEPARATOR_INNER.test(inner);
}

/** Apple Mail's forward line. */
const BEGIN_FORWARDED =
  /^(begin forwarded message|początek przekazywanej wiadomości|początek przekazanej wiadomości|anfang der weitergeleiteten nachricht|début du message réexpédié|inicio del mensaje reenviado|início da mensagem reencaminhada|inizio messaggio inoltrato|begin doorgestuurd bericht|vidarebefordrat brev|начало переадресованного сообщения)\s*:$/iu;
const UNDERSCORE_SEPARATOR = /^_{20,}$/;

/** Outlook's header block of the quoted mail ("From: / Sent: / To: / Subject:" and its translations). */
const FROM_LABELS =
  'from|od|von|de|da|van|från|fra|от|от кого|від|feladó|lähettäjä|kimden|odesílatel|odosielateľ|remetente|mittente|afzender|absender|expéditeur|remitente|nadawca';
const OTHER_LABELS =
  'sent|date|to|cc|bcc|subject|reply-to|importance|wysłano|wysłane|data|do|dw|udw|temat|odpowiedz do|gesendet|datum|an|betreff|antwort an|envoyé|envoye|à|a|objet|répondre à|inviato|oggetto|enviado|enviada|fecha|para|asunto|assunto|verzonden|aan|onderwerp|skickat|till|ämne|sendt|til|emne|kopi|отправлено|дата|кому|тема|копия|надіслано|копія|odesláno|komu|předmět|kopie|odoslané|predmet|elküldve|címzett|tárgy|dátum|másolat|lähetetty|vastaanottaja|aihe|kopio';
const HEADER_LABEL = new RegExp(`^\\*?(${FROM_LABELS}|${OTHER_LABELS})\\*?\\s?:\\*?(\\s|$)`, 'iu');
const SUBJECT_LABEL =
  /^\*?(subject|temat|betreff|objet|oggetto|asunto|assunto|onderwerp|ämne|emne|тема|předmět|predmet|tárgy|aihe|konu)\*?\s?:/iu;
const FROM_LABEL = new RegExp(`^\\*?(${FROM_LABELS})\\*?\\s?:\\*?(\\s|$)`, 'iu');

const SIGNATURE_DELIMITER = /^(--\s?|—|–|__)$/;
/**
 * Lines mobile and web clients add under every message: a signature, not something the person wrote. Only as the
 * last line (short, naming a device or an app), since "Wysłane z telefonu…" can also start a sentence.
 */
const MOBILE_SIGNATURE_START =
  /^(sent from|sent with|sent via|sent using|sent on the go|get outlook for|pobierz outlook|wysłane z|wysłano z|wysłane przy użyciu|wysłano przy użyciu|envoyé de|envoyé depuis|envoyé avec|obtenir outlook|von meinem|gesendet von|gesendet mit|gesendet über|holen sie sich outlook|enviado desde|enviado do|enviado de|enviado con|obtener outlook|inviato da|inviato dal|verzonden vanaf|verzonden met|verstuurd vanaf|verstuurd met|skickat från|sendt fra|lähetetty|отправлено с|отправлено из|надіслано з|odesláno z|odesláno ze|odoslané z|elküldve|küldve)/iu;
const MOBILE_SIGNATURE_DEVICE =
  /(iphon|ipad|android|samsung|galaxy|huawei|xiaomi|blackberry|mobile|mobil|telefon|smartfon|phone|outlook|yahoo|mail|poczt|aplikacj|app|gmail|onet|wp|interia|o2|tablet|handy|appareil|móvil|movil|dispositivo|cellulare|telefoon|телефон|смартфон|айфон|iOS|windows|my device|pixel|oneplus)/iu;
const MAX_MOBILE_SIGNATURE_LENGTH = 90;
const MAX_SIGNATURE_LINES = 10;

function isQuoteLine(line: string): boolean {
  return /^\s*>/.test(line);
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

function hasDateOrAddress(text: string): boolean {
  return /\d/.test(text) || text.includes('@');
}

function nextNonEmptyIndex(lines: readonly string[], index: number, limit = 3): number {
  for (let i = index; i < lines.length && i < index + limit; i += 1) if (!isBlank(lines[i] ?? '')) return i;
  return -1;
}

function followedByQuote(lines: readonly string[], index: number): boolean {
  const next = nextNonEmptyIndex(lines, index);
  return next >= 0 && isQuoteLine(lines[next] ?? '');
}

/**
 * How strongly a (joined) line reads as an attribution: 'strong' (an opener, a verb at the end, a date or an
 * address: a header even with no `>` quote under it), 'weak' (only a header when `>` lines follow), or null.
 */
function attributionStrength(text: string): 'strong' | 'weak' | null {
  if (text.length > MAX_HEADER_LINE || !text.endsWith(':')) {
    if (text.length <= MAX_HEADER_LINE && DATE_FIRST.test(text) && ENDS_WITH_ADDRESS.test(text)) return 'weak';
    return null;
  }
  const tail = text.slice(-60);
  const opener = OPENER_WORD.test(text);
  const dated = hasDateOrAddress(text);
  if (ENDS_WITH_VERB.test(tail)) return opener && dated ? 'strong' : dated || opener ? 'weak' : null;
  // "sent:", "пише:": strong only with an opener and an address ("On …, Jan <jan@x> sent:"), or above a `>` quote.
  if (ENDS_WITH_WEAK_VERB.test(tail)) return opener && text.includes('@') ? 'strong' : dated || opener ? 'weak' : null;
  if (WROTE_ON.test(text)) return 'strong';
  if (/^wiadomość napisana przez\s.{1,300}\sw dniu\s/iu.test(text)) return 'strong';
  if (dated && HAS_VERB.test(text)) return opener ? 'strong' : 'weak';
  if (DATE_FIRST.test(text) && ENDS_WITH_ADDRESS.test(text)) return 'weak';
  // Gmail RU/UK and others: "пт, 27 нояб. 2026 г. в 10:15, Иван <ivan@x.ru>:" — only above a `>` quote.
  if (/\d/.test(text) && ENDS_WITH_ADDRESS.test(text)) return 'weak';
  // Any other "… <addr>…:" line right above a `>` quote ("Quoting Jan <jan@x.pl>:").
  if (/<[^<>\s]{1,200}@[^<>\s]{1,200}>/u.test(text)) return 'weak';
  return null;
}

interface Header {
  /** Lines the header spans. */
  span: number;
  /** 'quote': `>` lines follow (answers may sit between them); 'block': everything below is the quoted mail. */
  kind: 'quote' | 'block';
}

/** The attribution starting at `index` (1–4 lines: Gmail and Polymail wrap them), or null. */
function attribution(lines: readonly string[], index: number): Header | null {
  const first = (lines[index] ?? '').trim();
  if (first === '' || isQuoteLine(first) || first.length > MAX_HEADER_LINE) return null;
  if (isDashedAttribution(first)) return { span: 1, kind: 'block' };
  // Only an attribution's opening words make a line worth joining with the next ones.
  const maxSpan = OPENER_WORD.test(first) || DATE_FIRST.test(first) ? 4 : 1;
  let joined = '';
  for (let span = 1; span <= maxSpan && index + span <= lines.length; span += 1) {
    const next = (lines[index + span - 1] ?? '').trim();
    if (span > 1 && next === '') return null;
    // Polymail wraps "… <\njan@x.com\n> wrote:": a `>` line may only continue a header as its last words.
    if (span > 1 && isQuoteLine(next) && !/^>\s?\S{0,30}\s?:$/u.test(next)) return null;
    joined = span === 1 ? next : `${joined}${joined.endsWith('<') || next.startsWith('>') ? '' : ' '}${next}`;
    if (joined.length > MAX_HEADER_LINE) return null;
    const strength = attributionStrength(joined);
    if (strength === 'strong' && followedByQuote(lines, index + span)) return { span, kind: 'quote' };
    // With no `>` quote under it, everything below would go: only a header with an address and a time
    // ("On Fri, Nov 27, 2026 at 10:15 AM Jan <jan@x.pl> wrote:"), never "On 12.11 I wrote:".
    if (strength === 'strong' && joined.includes('@') && /\d{1,2}[:.]\d{2}/u.test(joined)) return { span, kind: 'block' };
    if (strength === 'weak' && followedByQuote(lines, index + span)) return { span, kind: 'quote' };
  }
  return null;
}

function isHeaderLabel(line: string): boolean {
  const colon = line.indexOf(':');
  return colon > 0 && colon <= 40 && line.length <= MAX_HEADER_LINE && HEADER_LABEL.test(line);
}

/** A block of at least three header lines, one naming the sender ("From:", "Od:", "Von:" …), lines allowed to wrap. */
function isHeaderBlock(lines: readonly string[], index: number): boolean {
  const first = (lines[index] ?? '').trim();
  if (!isHeaderLabel(first)) return false;
  let labels = 0;
  let from = false;
  let wrapped = 0;
  let subject = false;
  let address = false;
  for (let i = index; i < Math.min(lines.length, index + 12); i += 1) {
    const line = (lines[i] ?? '').trim();
    if (line === '') {
      if (labels >= 3) break;
      continue;
    }
    if (line.includes('@')) address = true;
    if (isHeaderLabel(line)) {
      labels += 1;
      if (FROM_LABEL.test(line)) from = true;
      if (SUBJECT_LABEL.test(line)) subject = true;
    } else if (wrapped < 2 && labels > 0 && line.length <= MAX_HEADER_LINE) {
      wrapped += 1;
    } else {
      break;
    }
  }
  // A list the person wrote ("Data: …", "Do: …", "Od: …") has no subject line and no address.
  return labels >= 3 && from && (subject || address);
}

/** The quote header starting at `index`, or null. */
function headerAt(lines: readonly string[], index: number): Header | null {
  const line = (lines[index] ?? '').trim();
  if (line === '' || line.length > MAX_HEADER_LINE) return null;
  if (isQuoteLine(line)) return null;
  if (isSeparator(line) || (line.endsWith(':') && BEGIN_FORWARDED.test(line))) return { span: 1, kind: 'block' };
  if (UNDERSCORE_SEPARATOR.test(line)) {
    for (let i = index + 1; i < Math.min(lines.length, index + 4); i += 1) if (isHeaderBlock(lines, i)) return { span: 1, kind: 'block' };
    return null;
  }
  if (isHeaderBlock(lines, index)) return { span: 1, kind: 'block' };
  return attribution(lines, index);
}

/**
 * A line whose own text runs straight into a quote header ("Thanks, that works!On Fri, … wrote:") is split in
 * two, so the text keeps its place in the reply. Only when `>` lines follow: the structure has to confirm it.
 */
function splitGluedHeaders(lines: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const trimmed = line.trim();
    if (
      trimmed.length > 20 &&
      trimmed.length <= MAX_HEADER_LINE &&
      trimmed.endsWith(':') &&
      !isQuoteLine(trimmed) &&
      followedByQuote(lines, i + 1)
    ) {
      const split = gluedSplit(trimmed);
      if (split > 0) {
        out.push(trimmed.slice(0, split).trimEnd(), trimmed.slice(split));
        continue;
      }
    }
    out.push(line);
  }
  return out;
}

function gluedSplit(line: string): number {
  if (attributionStrength(line) !== null && OPENER_WORD.test(line)) return 0;
  let tries = 0;
  for (const match of line.matchAll(GLUED_OPENER)) {
    const at = match.index;
    // At most a few candidates per line, so a line made of openers costs no more than an ordinary one.
    if (tries >= 3) break;
    if (at === 0) continue;
    const before = line[at - 1] ?? '';
    // Glued ("works!On Fri") or after a sentence's end ("works. On Fri").
    if (/[\p{L}\p{N}]/u.test(before) && !/[a-ząćęłńóśźż]/u.test(before)) continue;
    if (before === ' ' && !/[.!?)]\s$/u.test(line.slice(Math.max(0, at - 2), at))) continue;
    tries += 1;
    if (attributionStrength(line.slice(at)) === 'strong') return at;
  }
  return 0;
}

/** Index of the first signature line ("-- " or a known mobile line at the very end), or -1. */
function signatureStart(lines: readonly string[]): number {
  const delimiter = lines.findLastIndex((line) => SIGNATURE_DELIMITER.test(line.trim()));
  const lastIndex = lines.findLastIndex((line) => !isBlank(line));
  const last = (lines[lastIndex] ?? '').trim();
  const mobile =
    last.length <= MAX_MOBILE_SIGNATURE_LENGTH &&
    last.split(/\s+/).length <= 8 &&
    MOBILE_SIGNATURE_START.test(last) &&
    MOBILE_SIGNATURE_DEVICE.test(last)
      ? lastIndex
      : -1;
  // A delimiter with nothing under it is a stray dash, and one with a long text under it a divider: neither is
  // a signature.
  const signatureLines = delimiter >= 0 ? lines.slice(delimiter + 1).filter((line) => !isBlank(line)).length : 0;
  const found = [delimiter >= 0 && delimiter < lastIndex && signatureLines <= MAX_SIGNATURE_LINES ? delimiter : -1, mobile].filter(
    (index) => index > 0,
  );
  return found.length > 0 ? Math.min(...found) : -1;
}

function joinTrimmed(lines: readonly string[]): string {
  return lines.join('\n').trim();
}

/** Splits the reply's lines into the body and a trailing signature. */
function splitSignature(lines: readonly string[]): { body: string; signature: string } {
  const start = signatureStart(lines);
  if (start < 0) return { body: joinTrimmed(lines), signature: '' };
  const signatureLines = lines.slice(start);
  if (SIGNATURE_DELIMITER.test((signatureLines[0] ?? '').trim())) signatureLines.shift();
  const body = joinTrimmed(lines.slice(0, start));
  // Only a signature and nothing else: those are the person's words.
  if (body === '') return { body: joinTrimmed(lines), signature: '' };
  return { body, signature: joinTrimmed(signatureLines) };
}

/** Lines that separate the reply from the quote (blank, `---`, `____`) belong to neither. */
function trimSeparators(lines: string[]): string[] {
  const result = [...lines];
  while (result.length > 0 && /^\s*([-_=*]{2,}\s*)?$/.test(result[result.length - 1] ?? '')) result.pop();
  return result;
}

/** The end of the `>` block starting at `index` (blank lines inside it included). */
function quoteBlockEnd(lines: readonly string[], index: number): number {
  let end = index;
  let i = index;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (isQuoteLine(line)) end = i + 1;
    else if (!isBlank(line)) break;
    i += 1;
  }
  return end;
}

/** The last line that is neither blank nor part of the mail's final signature: a `>` block past it ends the mail. */
function lastTextLine(lines: readonly string[]): number {
  const signature = signatureStart(lines);
  const limit = signature > 0 ? signature : lines.length;
  for (let i = limit - 1; i >= 0; i -= 1) if (!isBlank(lines[i] ?? '')) return i;
  return -1;
}

/**
 * Trims by the HTML part when it has one: the quote container a client wraps the history in (Gmail's
 * `gmail_quote`, Outlook's `divRplyFwdMsg` / `appendonsend` / `border-top` header box, Apple's
 * `blockquote type=cite`, Thunderbird's `moz-cite-prefix`, Yahoo's `yahoo_quoted`, Zoho, Proton) marks where the
 * quote begins whatever language its header is in. Needs the mail's HTML as sent (class, id, type and style
 * attributes intact). The text rules decide instead (null) when there is no container, when the person wrote
 * below it, when nothing is left above it, when the HTML's words above it are not the start of the text part's
 * words, or when the HTML is over 1 MB.
 *
 * The HTML is only read for where the container starts, never converted to text: its words above the container
 * are matched against the text part's (`text`, the mail's own plain version), and the cut is made in the text
 * part, which keeps the person's line breaks and inline-image markers. One linear scan, no HTML parser.
 */
export function stripQuotedHtml(html: string, text: string = htmlToText(html)): StrippedReply | null {
  // Past this size the text rules alone decide.
  if (html.length > MAX_HTML_FOR_STRUCTURE) return null;
  const lower = html.toLowerCase();
  const cut = htmlQuoteStart(lower);
  if (!cut) return null;
  if (!cut.history) {
    const end = elementEnd(lower, cut.start, cut.tag);
    // Text below the quote is the person's (bottom posting, inline answers): the text rules keep it.
    const below = htmlLines(lower, end, lower.length);
    if (below.some((line) => line.words.length > 0 && !line.quoted && !line.words[0]?.startsWith('>'))) return null;
  }
  const aboveWords = htmlLines(lower, 0, cut.start).flatMap((line) => line.words);
  if (aboveWords.length === 0) return null;

  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const lastLine = lineOfLastMatchedWord(aboveWords, lines);
  if (lastLine < 0) return null;
  const above = stripQuotedText(lines.slice(0, lastLine + 1).join('\n'));
  const history = joinTrimmed(lines.slice(lastLine + 1));
  return { reply: above.reply, quoted: [above.quoted, history].filter((part) => part !== '').join('\n'), signature: above.signature };
}

const MAX_HTML_FOR_STRUCTURE = 1024 * 1024;
const HTML_OPEN_TAG = /<(div|blockquote|table|span|p|hr)\b([^<>]{0,2000})>/gu;
const QUOTE_CLASS =
  /(?:class|id)\s*=\s*["']?[^"'<>]{0,300}(gmail_quote|yahoo_quoted|moz-cite-prefix|zmail_extra|protonmail_quote|divrplyfwdmsg|appendonsend)/u;

/** The first quote container in lower-cased HTML: where it starts, its tag, and whether all that follows is history (Outlook). */
function htmlQuoteStart(lower: string): { start: number; tag: string; history: boolean } | null {
  for (const match of lower.matchAll(HTML_OPEN_TAG)) {
    const attributes = match[2] ?? '';
    const tag = match[1] ?? '';
    const named = QUOTE_CLASS.exec(attributes)?.[1];
    const outlookBox = /border-top:\s?solid\s#(e1e1e1|b5c4df)/u.test(attributes.replace(/\s+/gu, ' '));
    const cite = tag === 'blockquote' && /type\s*=\s*["']?cite/u.test(attributes);
    if (!named && !outlookBox && !cite) continue;
    const history = outlookBox || named === 'divrplyfwdmsg' || named === 'appendonsend';
    return { start: match.index, tag, history };
  }
  return null;
}

/** Index just past the element that opens at `start` (same-name tags counted), or the end of the HTML. */
function elementEnd(lower: string, start: number, tag: string): number {
  const pattern = new RegExp(`<(/?)${tag}\\b[^<>]{0,2000}>`, 'gu');
  pattern.lastIndex = start;
  let depth = 0;
  for (let match = pattern.exec(lower); match; match = pattern.exec(lower)) {
    depth += match[1] === '/' ? -1 : 1;
    if (depth === 0) return match.index + match[0].length;
  }
  return lower.length;
}

/** Elements whose content is never text a reader sees. */
const HIDDEN_CONTENT = new Set([
  'script',
  'style',
  'textarea',
  'option',
  'noscript',
  'title',
  'head',
  'template',
  'object',
  'iframe',
  'svg',
  'math',
]);
/** Elements that end a line (everything else, like `<b>` or `<span>`, runs on within a word). */
const LINE_BREAKING = new Set([
  ...['p', 'div', 'br', 'hr', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'tr', 'td', 'th', 'table', 'tbody', 'thead', 'tfoot', 'caption'],
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'section', 'article', 'header', 'footer', 'address', 'center'],
]);

/**
 * The words of lower-cased HTML between `from` and `to`, line by line, as a reader sees them: tags dropped (a
 * block-level one ends the line), hidden elements and comments skipped, entities decoded; `quoted` for lines inside
 * a `<blockquote>`. Each character is looked at a bounded number of times (indexOf from the last position on),
 * whatever the markup.
 */
function htmlLines(lower: string, from: number, to: number): { words: string[]; quoted: boolean }[] {
  const lines: { words: string[]; quoted: boolean }[] = [];
  let line = '';
  let quoteDepth = 0;
  const endLine = () => {
    const words = decodeHtmlEntities(line)
      .split(/\s+/u)
      .filter((word) => word !== '');
    if (words.length > 0) lines.push({ words, quoted: quoteDepth > 0 });
    line = '';
  };
  let i = from;
  while (i < to) {
    const open = lower.indexOf('<', i);
    const textEnd = open === -1 || open >= to ? to : open;
    line += lower.slice(i, textEnd);
    if (textEnd >= to) break;
    if (lower.startsWith('<!--', open)) {
      const close = lower.indexOf('-->', open + 4);
      i = close === -1 || close >= to ? to : close + 3;
      continue;
    }
    const name = /^<\/?([a-z][a-z0-9]{0,20})/u.exec(lower.slice(open, open + 24))?.[1];
    if (!name) {
      // A `<` that opens no tag is text ("a < b").
      line += '<';
      i = open + 1;
      continue;
    }
    const close = lower.indexOf('>', open);
    if (close === -1 || close >= to) break;
    i = close + 1;
    const closing = lower[open + 1] === '/';
    if (!closing && HIDDEN_CONTENT.has(name)) {
      const end = lower.indexOf(`</${name}`, i);
      const endClose = end === -1 ? -1 : lower.indexOf('>', end);
      i = end === -1 || endClose === -1 || endClose >= to ? to : endClose + 1;
      continue;
    }
    if (LINE_BREAKING.has(name)) endLine();
    if (name === 'blockquote') quoteDepth = Math.max(0, quoteDepth + (closing ? -1 : 1));
  }
  endLine();
  return lines;
}

const HTML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeHtmlEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-f]{1,8}|#\d{1,8}|[a-z]{1,10});/gu, (whole, name: string) => {
    if (!name.startsWith('#')) return HTML_ENTITIES[name] ?? whole;
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** A word's letters for matching the HTML against the text part: case and `*bold*` / `_italic_` marks set aside. */
function wordKey(word: string): string {
  return word.toLowerCase().replace(/[*_]/gu, '');
}

/** What a plain-text version adds around the words: link targets, list bullets, quote marks, image markers. */
const DECORATION = /^(?:[-*•·–—>]+|\d{1,3}[.)]|[(<[].*[)>\]:]|(?:https?:|mailto:|www\.).*)$/u;

/**
 * The index of the text line holding the last of `htmlWords` when they are, in order, the first words of the text
 * part (skipping what a plain-text version adds: link targets, bullets, `>`); -1 when they are not.
 */
function lineOfLastMatchedWord(htmlWords: readonly string[], lines: readonly string[]): number {
  const keys = htmlWords.map(wordKey).filter((key) => key !== '');
  let next = 0;
  let lineIndex = 0;
  let words = (lines[0] ?? '').split(/\s+/u).filter((word) => word !== '');
  let at = 0;
  while (next < keys.length) {
    if (at >= words.length) {
      lineIndex += 1;
      if (lineIndex >= lines.length) return -1;
      words = (lines[lineIndex] ?? '').split(/\s+/u).filter((word) => word !== '');
      at = 0;
      continue;
    }
    const word = words[at] ?? '';
    const key = wordKey(word);
    at += 1;
    if (key === keys[next]) next += 1;
    else if (key !== '' && !DECORATION.test(word)) return -1;
  }
  return lineIndex;
}

/**
 * `html`, when given, is the mail's HTML part as sent: where its quote container (see stripQuotedHtml) ends the
 * reply earlier than the text rules do, on the same words, that cut wins.
 */
export function stripQuotedReply(text: string, html?: string | null): StrippedReply {
  const fromText = stripQuotedText(text);
  const fromHtml = html ? stripQuotedHtml(html, text) : null;
  if (!fromHtml) return fromText;
  // The text part keeps the person's own line breaks and inline-image markers: the HTML's cut is taken only when
  // it ends the same words earlier (a header the text rules do not know), never when the words differ.
  const htmlWords = words(fromHtml.reply);
  const textWords = words(fromText.reply);
  const htmlCutsATail = textWords.length > htmlWords.length && htmlWords.every((word, index) => textWords[index] === word);
  return htmlCutsATail ? fromHtml : fromText;
}

function words(text: string): string[] {
  return text.split(/\s+/u).filter((word) => word !== '');
}

function stripQuotedText(text: string): StrippedReply {
  const normalised = text.replace(/\r\n?/g, '\n');
  const lines = splitGluedHeaders(normalised.split('\n'));
  const answer: string[] = [];
  const quoted: string[] = [];
  const lastText = lastTextLine(lines);
  let seenHeader = false;
  let answered = false;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (isQuoteLine(line)) {
      const end = quoteBlockEnd(lines, i);
      // A `>` block is a quote when a header announced it, when it opens the mail, or when only a signature
      // follows it; a `>` line between the person's own lines (a prompt, a pasted error) stays theirs.
      const isQuote = seenHeader || !answered || lastText < end;
      const target = isQuote ? quoted : answer;
      for (let j = i; j < end; j += 1) target.push(lines[j] ?? '');
      if (!isQuote) answered = true;
      if (isQuote) answer.push('');
      i = end;
      continue;
    }
    const header = headerAt(lines, i);
    if (header?.kind === 'block') {
      for (let j = i; j < lines.length; j += 1) quoted.push(lines[j] ?? '');
      break;
    }
    if (header) {
      seenHeader = true;
      quoted.push(...lines.slice(i, i + header.span));
      i += header.span;
      continue;
    }
    answer.push(line);
    if (!isBlank(line)) answered = true;
    i += 1;
  }

  const { body, signature } = splitSignature(trimSeparators(answer));
  if (body !== '') return { reply: body.replace(/\n{3,}/g, '\n\n'), quoted: joinTrimmed(quoted), signature };
  // Everything looks quoted (a forward with no comment, a bare quote): keep it all rather than lose what was sent.
  return { reply: normalised.trim(), quoted: '', signature: '' };
}
