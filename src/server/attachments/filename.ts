/**
 * File names as customers send them are display text only: they never reach the file system (storage keys are
 * ours) but they do reach agents' screens, downloads and the `Content-Disposition` header, so they are cleaned
 * of anything that could pose as a path, hide the real extension or break a header.
 */

export const MAX_FILE_NAME_LENGTH = 150;
export const FALLBACK_FILE_NAME = 'plik';

// Bidi overrides and isolates can make "gnp.exe" read as "exe.png"; the BOM is invisible. Joiners stay: emoji need them.
const INVISIBLE_TRICKS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;
const CONTROL_CHARS = /\p{Cc}/gu;
// Characters Windows refuses in names: a downloaded file would otherwise be renamed by the browser, unpredictably.
const WINDOWS_RESERVED = /[:*?"<>|]/g;
const EXTENSION = /\.([\p{L}\p{N}]{1,16})$/u;

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** Cuts at a grapheme boundary so an emoji or a letter with its accent is never split in half. */
function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let out = '';
  for (const { segment } of graphemes.segment(text)) {
    if (out.length + segment.length > maxLength) break;
    out += segment;
  }
  return out;
}

/** Lower-cased extension without the dot, or '' when the name has none. */
export function extensionOf(fileName: string): string {
  const match = EXTENSION.exec(fileName);
  return match?.[1] && match.index > 0 ? match[1].toLowerCase() : '';
}

function capKeepingExtension(name: string): string {
  if (name.length <= MAX_FILE_NAME_LENGTH) return name;
  const match = EXTENSION.exec(name);
  const ext = match && match.index > 0 ? match[0] : '';
  const stem = truncate(name.slice(0, name.length - ext.length), MAX_FILE_NAME_LENGTH - ext.length).trimEnd();
  return stem ? `${stem}${ext}` : truncate(name, MAX_FILE_NAME_LENGTH);
}

/** A name safe to show and to offer for download: a bare file name, NFC, at most 150 characters, never empty. */
export function safeFileName(raw: string): string {
  const lastSegment = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment
    .replace(CONTROL_CHARS, '')
    .replace(INVISIBLE_TRICKS, '')
    .replace(WINDOWS_RESERVED, '_')
    .replace(/\s+/gu, ' ')
    // A run of dots is the only way ".." can survive once directories are gone; one dot keeps "a..b.png" readable.
    .replace(/\.{2,}/g, '.')
    // Leading dots hide files on Unix; trailing dots and spaces are dropped by Windows, exposing the real extension.
    .replace(/^[\s.]+/u, '')
    .replace(/[\s.]+$/u, '');
  return capKeepingExtension(cleaned) || FALLBACK_FILE_NAME;
}

/**
 * Makes the name end in `.extension`, so a download opens with the program matching its checked content.
 * A wrong extension the upload form itself offers (`photo.txt` holding a PNG) is replaced; anything else is
 * kept and the right one appended (`config.yaml` → `config.yaml.txt`), which keeps the customer's wording.
 */
export function withExtension(fileName: string, extension: string, replaceable: ReadonlySet<string>): string {
  const current = extensionOf(fileName);
  if (current === extension) return fileName;
  const stem = current && replaceable.has(current) ? fileName.slice(0, -(current.length + 1)) : fileName;
  return capKeepingExtension(`${stem}.${extension}`);
}

// Letters NFKD does not split into base + accent, and punctuation with an obvious ASCII twin.
const ASCII_TWINS: Record<string, string> = {
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ø: 'o',
  Ø: 'O',
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  '–': '-',
  '—': '-',
  '‘': "'",
  '’': "'",
  '“': '_',
  '”': '_',
  '„': '_',
};

function asciiFallback(fileName: string): string {
  const ascii = Array.from(fileName.normalize('NFKD'))
    .map((ch) => ASCII_TWINS[ch] ?? ch)
    .join('')
    .replace(/\p{M}/gu, '')
    // Quotes and backslashes would need escaping that browsers handle inconsistently; % is percent-decoded by some.
    .replace(/[^\x20-\x7E]|["\\%]/g, '_');
  return ascii.replace(/_+/g, '_') || FALLBACK_FILE_NAME;
}

/** RFC 5987 value-chars: encodeURIComponent leaves ' ( ) * alone, which attr-char does not allow. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A `Content-Disposition` value per RFC 6266: a quoted ASCII `filename` for old clients and `filename*` with
 * the real UTF-8 name, which every current browser prefers.
 */
export function contentDisposition(fileName: string, disposition: 'attachment' | 'inline'): string {
  const name = safeFileName(fileName);
  return `${disposition}; filename="${asciiFallback(name)}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}
