/**
 * Whether this browser can record the screen, without the recorder itself: the uploader's stand-in
 * (deferred-attachment-uploader.tsx) shows the "Nagraj ekran" button from this alone.
 */

/** Longest recording: a few minutes shows any bug; longer ones are hard to watch and to upload. */
export const MAX_RECORDING_SECONDS = 180;

/** WebM codecs in order of preference; the first the browser can record is used. */
export const MIME_TYPES = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'];

/** Whether this browser can record the screen: desktop browsers with getDisplayMedia and MediaRecorder (not most phones). */
export function canRecordScreen(): boolean {
  if (typeof window === 'undefined' || typeof navigator === 'undefined') return false;
  const media = navigator.mediaDevices as (MediaDevices & { getDisplayMedia?: unknown }) | undefined;
  if (typeof media?.getDisplayMedia !== 'function' || typeof window.MediaRecorder !== 'function') return false;
  return MIME_TYPES.some((type) => MediaRecorder.isTypeSupported(type));
}

/**
 * Marks the page (`data-recordable` on <html>) where the screen can be recorded: the "Nagraj ekran" row is in the
 * server's HTML and shows by CSS, so it is there before the contact form's code has loaded.
 */
export function markRecordable(): void {
  document.documentElement.toggleAttribute('data-recordable', canRecordScreen());
}
