/**
 * Files pasted with Ctrl+V: screenshots arrive as "image.png", so they get a dated name. No React and no upload code,
 * so a form can listen for a paste before its uploader has loaded (src/components/ui/deferred-attachment-uploader.tsx).
 */

/** Image types a pasted screenshot arrives as, and the extension its file gets. */
export const PASTE_EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/** "2026-12-07-0944": pasted screenshots all arrive as "image.png"; a dated name tells them apart. */
export function pastedStamp(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}`;
}

/** Whether a paste lands in a text field (where, with text on the clipboard too, the text wins). */
export function isTextEntry(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLTextAreaElement ||
    (target instanceof HTMLInputElement && target.type !== 'file') ||
    (target instanceof HTMLElement && target.isContentEditable)
  );
}

/**
 * The files a paste carries, screenshots renamed `<stem>.png` (then `<stem>-2.png`…) past the names in `taken`;
 * none when it is text for a text field. Read during the event: the clipboard is empty afterwards.
 */
export function filesFromPaste(event: ClipboardEvent, taken: Iterable<string>, stemFor: (stamp: string) => string): File[] {
  const data = event.clipboardData;
  if (!data) return [];
  // Copying from an office document puts both text and a picture on the clipboard: into a text field, the text wins.
  if (isTextEntry(event.target) && data.types.includes('text/plain')) return [];
  const stamp = pastedStamp(new Date());
  const names = new Set(taken);
  const files: File[] = [];
  for (const entry of Array.from(data.items)) {
    if (entry.kind !== 'file') continue;
    const blob = entry.getAsFile();
    if (!blob) continue;
    const extension = PASTE_EXTENSIONS[blob.type];
    if (!extension) {
      files.push(blob);
      continue;
    }
    // Screenshots arrive as "image.png"; a dated name tells them apart in the ticket.
    const stem = stemFor(stamp);
    let name = `${stem}.${extension}`;
    for (let n = 2; names.has(name); n += 1) name = `${stem}-${n}.${extension}`;
    names.add(name);
    files.push(new File([blob], name, { type: blob.type }));
  }
  return files;
}
