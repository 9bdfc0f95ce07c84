import { useEffect, useEffectEvent, useState, type RefObject } from 'react';

/**
 * An uploader's drop and paste listeners, on the whole page (`'document'`) or on one element (a ref). Page-wide, a
 * file dropped anywhere would otherwise replace the page with the file, losing everything typed, so every drop of
 * files goes to `onDrop`; Ctrl+V anywhere goes to `onPaste`. On an element (the chat's composer), files dragged over
 * it are its own: the drag events stop there, so a page-wide uploader around it (the contact page's form) does not
 * take them too. Returns whether files are being dragged over the target (for the drop zone's highlight). Off while
 * `enabled` is false (an uploader embedded in a host that listens for it).
 */
export function useFileListeners(
  target: 'document' | RefObject<HTMLElement | null>,
  enabled: boolean,
  onDrop: (files: File[]) => void,
  onPaste: (event: ClipboardEvent) => void,
): boolean {
  const [dragging, setDragging] = useState(false);
  const dropped = useEffectEvent(onDrop);
  const pasted = useEffectEvent(onPaste);

  useEffect(() => {
    const element = target === 'document' ? document : target.current;
    if (!enabled || !element) return;
    const contain = target !== 'document';
    let depth = 0;
    const hasFiles = (event: DragEvent) => {
      const files = Boolean(event.dataTransfer?.types.includes('Files'));
      if (files && contain) event.stopPropagation();
      return files;
    };
    const enter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth += 1;
      setDragging(true);
    };
    const leave = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (event: DragEvent) => {
      if (hasFiles(event)) event.preventDefault();
    };
    const drop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      const files = Array.from(event.dataTransfer?.files ?? []);
      if (files.length) dropped(files);
    };
    const paste = (event: ClipboardEvent) => pasted(event);
    // Document and HTMLElement take these events with the same signatures.
    const on: Pick<HTMLElement, 'addEventListener' | 'removeEventListener'> = element;
    on.addEventListener('dragenter', enter);
    on.addEventListener('dragleave', leave);
    on.addEventListener('dragover', over);
    on.addEventListener('drop', drop);
    on.addEventListener('paste', paste);
    return () => {
      on.removeEventListener('dragenter', enter);
      on.removeEventListener('dragleave', leave);
      on.removeEventListener('dragover', over);
      on.removeEventListener('drop', drop);
      on.removeEventListener('paste', paste);
    };
  }, [enabled, target]);

  return dragging;
}
