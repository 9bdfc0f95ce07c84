/**
 * Cuts an e-mail reply down to what the person wrote on top, for Polish and English mail clients. Nothing is
 * thrown away: the quoted history and the signature are returned beside the reply. When the rules would leave
 * nothing, the whole text is the reply: losing a customer's words is worse than showing a quote twice.
 */

export interface StrippedReply {
  reply: string;
  quoted: string;
  signature: string;
}

/**
 * "On … wrote:" lines. Gmail wraps long ones over two or three lines, so a candidate is tried alone and joined
 * with the lines after it. Each must contain a digit or an address (a date, the author's e-mail), so a sentence
 * such as "Klient napisał:" in the middle of a reply is not taken for one.
 */
const ATTRIBUTIONS: RegExp[] = [
  // Gmail PL "W dniu pt., 27 lis 2026 o 10:15 Jan <jan@x.pl> napisał(a):", Thunderbird PL "W dniu 27.11.2026 o 10:15, Jan pisze:",
  // Apple Mail / iOS / Onet PL "Dnia 27.11.2026, o godz. 10:15, Jan <jan@x.pl> napisał(a):"
  /^(w dniu|dnia)\s.*\s(napisał\(a\)|napisała?|pisze|pisał\(a\)|pisała?)\s*:$/iu,
  // Gmail / Apple Mail / Thunderbird EN "On Fri, Nov 27, 2026 at 10:15 AM Jan <jan@x.pl> wrote:"
  /^on\s.*\swrote\s*:$/iu,
  // Thunderbird (older) "Jan wrote on 27/11/2026 10:15:"
  /^.{1,200}\swrote on\s.*:$/iu,
  // Apple Mail PL "Wiadomość napisana przez Jan <jan@x.pl> w dniu 27.11.2026, o godz. 10:15:"
  /^wiadomość napisana przez\s.*\sw dniu\s.*:$/iu,
];
/** WP.pl "Użytkownik Jan <jan@x.pl> napisał:" and other "<who> wrote:" lines: only with an address, or right above a `>` quote. */
const LOOSE_ATTRIBUTION = /^.{1,200}\s(napisał\(a\)|napisała?|wrote|pisze)\s*:$/iu;
const ATTRIBUTION_OPENERS = /^(on|w dniu|dnia|wiadomość napisana przez|użytkownik)\s/iu;

const ORIGINAL_MESSAGE_SEPARATOR = /^-{3,}\s*(original message|wiadomość oryginalna|oryginalna wiadomość|pierwotna wiadomość)\s*-{3,}$/iu;
const UNDERSCORE_SEPARATOR = /^_{20,}$/;
/** Outlook's header block of the quoted mail: "Od: … / Wysłano: … / Do: … / Temat: …" or "From: / Sent: / To: / Subject:". */
const HEADER_FROM = /^\*?(od|from)\s*:\*?\s*\S/i;
const HEADER_OTHER = /^\*?(wysłano|wysłane|data|sent|date|do|to|dw|cc|temat|subject)\s*:\*?(\s|$)/iu;

const SIGNATURE_DELIMITER = /^--\s?$/;
/**
 * Lines mobile clients add under every message: a signature, not something the person wrote. Only as the last
 * line above the quote, since "Wysłane z telefonu…" can also start a sentence about the problem.
 */
const MOBILE_SIGNATURES: RegExp[] = [
  /^wysłane z (mojego )?(iphone['’]?a|iphone|ipada|ipad|telefonu|smartfona|urządzenia|samsunga)(?![\p{L}\p{N}])/iu,
  /^wysłano z (mojego )?(iphone['’]?a|iphone|ipada|telefonu|urządzenia|aplikacji outlook|poczty dla windows)(?![\p{L}\p{N}])/iu,
  /^sent from (my )?(iphone|ipad|android|samsung|galaxy|huawei|xiaomi|mobile|phone|outlook for (android|ios)|mail for windows|yahoo mail)(?![\p{L}\p{N}])/iu,
  /^(pobierz|get) outlook (dla|for) (android|ios)(?![\p{L}\p{N}])/iu,
];

function isQuoteLine(line: string): boolean {
  return /^\s*>/.test(line);
}

function hasDateOrAddress(text: string): boolean {
  return /\d/.test(text) || /@/.test(text);
}

function nextNonEmpty(lines: readonly string[], index: number): string {
  for (let i = index; i < lines.length; i += 1) {
    const line = (lines[i] ?? '').trim();
    if (line !== '') return line;
  }
  return '';
}

/** Number of lines (1–3) the attribution starting at `index` spans, or 0 when there is none. */
function attributionLength(lines: readonly string[], index: number): number {
  const first = (lines[index] ?? '').trim();
  if (first === '' || isQuoteLine(first)) return 0;
  // Only an attribution's opening words make a line worth joining with the next ones (Gmail wraps them).
  const maxSpan = ATTRIBUTION_OPENERS.test(first) ? 3 : 1;
  let joined = '';
  for (let span = 1; span <= maxSpan && index + span <= lines.length; span += 1) {
    const next = (lines[index + span - 1] ?? '').trim();
    if (span > 1 && (next === '' || isQuoteLine(next))) return 0;
    joined = span === 1 ? next : `${joined} ${next}`;
    if (joined.length > 400) return 0;
    if (hasDateOrAddress(joined) && ATTRIBUTIONS.some((pattern) => pattern.test(joined))) return span;
    if (LOOSE_ATTRIBUTION.test(joined) && (joined.includes('@') || isQuoteLine(nextNonEmpty(lines, index + span)))) return span;
  }
  return 0;
}

function isOutlookHeaderBlock(lines: readonly string[], index: number): boolean {
  if (!HEADER_FROM.test((lines[index] ?? '').trim())) return false;
  let others = 0;
  for (let i = index + 1; i < Math.min(lines.length, index + 8); i += 1) {
    const line = (lines[i] ?? '').trim();
    if (HEADER_OTHER.test(line)) others += 1;
    else if (line !== '' && others === 0) return false;
  }
  return others >= 2;
}

/** Index of the first line of the quoted history, or -1. */
function quoteStart(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i += 1) {
    const line = (lines[i] ?? '').trim();
    if (isQuoteLine(line)) return i;
    if (ORIGINAL_MESSAGE_SEPARATOR.test(line)) return i;
    if (UNDERSCORE_SEPARATOR.test(line) && lines.slice(i + 1, i + 4).some((_, offset) => isOutlookHeaderBlock(lines, i + 1 + offset)))
      return i;
    if (isOutlookHeaderBlock(lines, i)) return i;
    if (attributionLength(lines, i) > 0) return i;
  }
  return -1;
}

const MAX_MOBILE_SIGNATURE_LENGTH = 80;

function signatureStart(lines: readonly string[]): number {
  const delimiter = lines.findIndex((line) => SIGNATURE_DELIMITER.test(line.trimStart()));
  const lastIndex = lines.findLastIndex((line) => line.trim() !== '');
  const last = (lines[lastIndex] ?? '').trim();
  const mobile = last.length <= MAX_MOBILE_SIGNATURE_LENGTH && MOBILE_SIGNATURES.some((pattern) => pattern.test(last)) ? lastIndex : -1;
  const found = [delimiter, mobile].filter((index) => index >= 0);
  return found.length > 0 ? Math.min(...found) : -1;
}

function joinTrimmed(lines: readonly string[]): string {
  return lines.join('\n').trim();
}

/** Splits what remains above the quote into the reply and a trailing signature. */
function splitSignature(lines: readonly string[]): { body: string; signature: string } {
  const start = signatureStart(lines);
  if (start < 0) return { body: joinTrimmed(lines), signature: '' };
  const signatureLines = lines.slice(start);
  if (SIGNATURE_DELIMITER.test((signatureLines[0] ?? '').trimStart())) signatureLines.shift();
  return { body: joinTrimmed(lines.slice(0, start)), signature: joinTrimmed(signatureLines) };
}

/** Lines that separate the reply from the quote (blank, `---`, `____`) belong to neither. */
function trimSeparators(lines: string[]): string[] {
  const result = [...lines];
  while (result.length > 0 && /^\s*([-_=*]{2,}\s*)?$/.test(result[result.length - 1] ?? '')) result.pop();
  return result;
}

/**
 * Bottom posting and inline answers: the person wrote below or between `>` quotes. Returns the lines that are
 * neither quotes nor attributions, and the quoted ones.
 */
function answersBetweenQuotes(rest: readonly string[]): { answer: string[]; quoted: string[] } | null {
  const span = attributionLength(rest, 0);
  const quoteStyle = isQuoteLine(rest[0] ?? '') || (span > 0 && isQuoteLine(nextNonEmpty(rest, span)));
  if (!quoteStyle) return null;
  const answer: string[] = [];
  const quoted: string[] = [];
  for (let i = 0; i < rest.length; i += 1) {
    const attribution = attributionLength(rest, i);
    if (attribution > 0) {
      quoted.push(...rest.slice(i, i + attribution));
      i += attribution - 1;
    } else if (isQuoteLine(rest[i] ?? '')) {
      quoted.push(rest[i] ?? '');
    } else {
      answer.push(rest[i] ?? '');
    }
  }
  return { answer, quoted };
}

export function stripQuotedReply(text: string): StrippedReply {
  const normalised = text.replace(/\r\n?/g, '\n');
  const lines = normalised.split('\n');
  const start = quoteStart(lines);
  const top = start < 0 ? lines : trimSeparators(lines.slice(0, start));
  const rest = start < 0 ? [] : lines.slice(start);
  const { body, signature } = splitSignature(top);
  if (body !== '') return { reply: body, quoted: joinTrimmed(rest), signature };

  const between = answersBetweenQuotes(rest);
  if (between) {
    const answered = splitSignature(between.answer);
    if (answered.body !== '') {
      // Removing the quotes between answers leaves their blank lines behind: one blank line between answers is enough.
      return {
        reply: answered.body.replace(/\n{3,}/g, '\n\n'),
        quoted: joinTrimmed(between.quoted),
        signature: answered.signature || signature,
      };
    }
  }
  // Everything looks quoted (or is only a signature): keep it all rather than lose what the person sent.
  return { reply: normalised.trim(), quoted: '', signature: '' };
}
