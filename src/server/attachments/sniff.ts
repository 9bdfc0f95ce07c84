import { fileTypeFromBuffer } from 'file-type';
import type { AttachmentKind } from '@/generated/prisma/enums';
import { extensionOf } from './filename';

/**
 * What an upload really is, decided from its bytes. The name only picks between text flavours, which have no
 * signature; for everything else content wins, so an `.exe` renamed `.png` is refused and a PNG named `.txt`
 * is stored as a PNG. Nothing a browser could render as a page (HTML, SVG, XML) is ever accepted.
 */
export interface SniffedType {
  contentType: string;
  kind: AttachmentKind;
  /** The extension the stored file name must end with (without the dot). */
  extension: string;
}

interface BinaryType {
  contentType: string;
  kind: AttachmentKind;
  /** Extensions customers use for this type; the first is the one given to a misnamed file. */
  extensions: readonly string[];
}

const PNG: BinaryType = { contentType: 'image/png', kind: 'IMAGE', extensions: ['png'] };
const JPEG: BinaryType = { contentType: 'image/jpeg', kind: 'IMAGE', extensions: ['jpg', 'jpeg'] };
const WEBP: BinaryType = { contentType: 'image/webp', kind: 'IMAGE', extensions: ['webp'] };
const GIF: BinaryType = { contentType: 'image/gif', kind: 'IMAGE', extensions: ['gif'] };
const MP4: BinaryType = { contentType: 'video/mp4', kind: 'VIDEO', extensions: ['mp4', 'm4v'] };
const WEBM: BinaryType = { contentType: 'video/webm', kind: 'VIDEO', extensions: ['webm'] };
const PDF: BinaryType = { contentType: 'application/pdf', kind: 'PDF', extensions: ['pdf'] };

/**
 * Keyed by file-type's `ext`, which is more specific than its `mime`: it reports F4V and M4P as `video/mp4` too,
 * and QuickTime (`mov`) is not among what we play back, so only plain MP4 and M4V pass.
 */
const BINARY_BY_DETECTED_EXT: Readonly<Record<string, BinaryType>> = {
  png: PNG,
  jpg: JPEG,
  webp: WEBP,
  gif: GIF,
  mp4: MP4,
  m4v: MP4,
  webm: WEBM,
  pdf: PDF,
};

const TEXT_BY_EXT: Readonly<Record<string, string>> = {
  txt: 'text/plain; charset=utf-8',
  log: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
  har: 'application/json',
};
const JSON_EXTENSIONS = new Set(['json', 'har']);

/** Every extension the upload form offers; a file misnamed with one of these gets it replaced, not appended to. */
export const UPLOAD_EXTENSIONS: ReadonlySet<string> = new Set([
  ...Object.values(BINARY_BY_DETECTED_EXT).flatMap((t) => t.extensions),
  ...Object.keys(TEXT_BY_EXT),
]);

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
// C0 and C1 controls except tab, line feed, form feed and carriage return.
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F]/;
// The opening of a tag, declaration, comment or processing instruction: what makes browsers treat text as markup.
const MARKUP_START = /^<[!?/\p{L}]/u;

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** file-type calls anything starting "GIF" a GIF (a log line "GIFT card …" included); real ones carry a version. */
function isGifHeader(bytes: Uint8Array): boolean {
  const header = String.fromCharCode(...bytes.subarray(0, 6));
  return header === 'GIF87a' || header === 'GIF89a';
}

async function sniffBinary(bytes: Uint8Array): Promise<BinaryType | null> {
  // file-type skips a UTF-8 BOM to find XML behind it; none of our binary formats may start with one.
  if (startsWith(bytes, UTF8_BOM)) return null;
  const detected = await fileTypeFromBuffer(bytes);
  const type = detected ? BINARY_BY_DETECTED_EXT[detected.ext] : undefined;
  if (!type || (type === GIF && !isGifHeader(bytes))) return null;
  return type;
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function sniffText(bytes: Uint8Array, nameExtension: string): SniffedType | null {
  // The decoder drops a leading BOM, so the markup check below sees what a browser would.
  const text = decodeUtf8(bytes);
  if (text === null || FORBIDDEN_CONTROL.test(text) || MARKUP_START.test(text.trimStart())) return null;
  const contentType = TEXT_BY_EXT[nameExtension];
  if (!contentType) return { contentType: 'text/plain; charset=utf-8', kind: 'TEXT', extension: 'txt' };
  if (JSON_EXTENSIONS.has(nameExtension) && !parsesAsJson(text)) return null;
  return { contentType, kind: 'TEXT', extension: nameExtension };
}

/** The accepted type of an upload, or null when it is not one we take. */
export async function sniffFile(bytes: Uint8Array, fileName: string): Promise<SniffedType | null> {
  const nameExtension = extensionOf(fileName);
  const binary = await sniffBinary(bytes);
  if (binary) {
    const extension = binary.extensions.includes(nameExtension) ? nameExtension : (binary.extensions[0] ?? nameExtension);
    return { contentType: binary.contentType, kind: binary.kind, extension };
  }
  // Signatures file-type knows but we refuse can still be plain text ("BMW …" reads as a bitmap, "ID3 …" as MP3):
  // the strict text rules decide, and they refuse anything binary.
  return sniffText(bytes, nameExtension);
}
