/**
 * One file to POST /api/uploads with progress (XMLHttpRequest: fetch has no upload progress). Shared by the
 * attachment uploader of the forms and the chat composer; the server makes the content checks either way.
 */

export { PASTE_EXTENSIONS, pastedStamp } from './pasted-files';

export type UploadKind = 'IMAGE' | 'VIDEO' | 'TEXT' | 'PDF';

export interface UploadSuccess {
  token: string;
  id: string;
  kind: UploadKind;
}

export type UploadOutcome =
  | { ok: true; value: UploadSuccess }
  /** Network failures and server hiccups can be retried; a refused file cannot. */
  | { ok: false; message: string | undefined; retryable: boolean };

function isUploadSuccess(body: unknown): body is UploadSuccess {
  return typeof body === 'object' && body !== null && 'token' in body && typeof body.token === 'string';
}

export function serverMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const error = body.error;
  return typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string' ? error.message : undefined;
}

export interface UploadRequest {
  abort: () => void;
}

export function uploadFile(
  file: File,
  {
    onProgress,
    onDone,
    headers,
  }: {
    onProgress?: (percent: number) => void;
    onDone: (outcome: UploadOutcome) => void;
    /** E.g. the chat token inside the widget's iframe, where no cookie of ours is sent. */
    headers?: Record<string, string>;
  },
): UploadRequest {
  const xhr = new XMLHttpRequest();
  xhr.upload.onprogress = (event) => {
    if (event.lengthComputable) onProgress?.(Math.min(99, Math.round((event.loaded / event.total) * 100)));
  };
  xhr.onload = () => {
    const body: unknown = xhr.response;
    if (xhr.status === 201 && isUploadSuccess(body)) onDone({ ok: true, value: body });
    else onDone({ ok: false, message: serverMessage(body), retryable: xhr.status === 429 || xhr.status >= 500 || xhr.status === 0 });
  };
  xhr.onerror = () => onDone({ ok: false, message: undefined, retryable: true });
  xhr.open('POST', '/api/uploads');
  for (const [name, value] of Object.entries(headers ?? {})) xhr.setRequestHeader(name, value);
  xhr.responseType = 'json';
  const body = new FormData();
  body.append('file', file);
  xhr.send(body);
  return { abort: () => xhr.abort() };
}
