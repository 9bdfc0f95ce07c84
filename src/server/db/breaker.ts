import { translator } from '@/i18n/messages';
import { pageLocale } from '@/server/request-context';
import { RETRY_AFTER_SECONDS } from './unavailable';

/**
 * Pages cannot answer 503 themselves (their status is sent before rendering fails), so the proxy does it for
 * them: once a request of this process has failed because the database is unavailable (`onRequestError`, the
 * API guard), page requests for the next RETRY_AFTER_SECONDS are answered at once with a small localised 503 and
 * Retry-After instead of waiting on a database that just failed. The first request after that tries again. Per
 * process and short-lived on purpose: nothing that matters is kept in memory.
 */
const state = globalThis as unknown as { vouchieDatabaseUnavailableUntil?: number };

export function noteDatabaseUnavailable(now = Date.now()): void {
  state.vouchieDatabaseUnavailableUntil = now + RETRY_AFTER_SECONDS * 1000;
}

export function databaseRecentlyUnavailable(now = Date.now()): boolean {
  return (state.vouchieDatabaseUnavailableUntil ?? 0) > now;
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** For the proxy: a 503 page while the database is known to be unavailable, else null. Only GET/HEAD pages. */
export function unavailablePageResponse(request: Request, now = Date.now()): Response | null {
  if ((request.method !== 'GET' && request.method !== 'HEAD') || !databaseRecentlyUnavailable(now)) return null;
  const locale = pageLocale(request.headers);
  const t = translator(locale);
  const html =
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(t('errorPage.unavailableTitle'))} — Vouchie</title></head>` +
    `<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1rem;text-align:center;color:#0f172a">` +
    `<h1 style="font-size:1.5rem">${escapeHtml(t('errorPage.unavailableTitle'))}</h1>` +
    `<p style="color:#475569;line-height:1.6">${escapeHtml(t('errorPage.unavailableBody'))}</p>` +
    `<p><a href="" style="color:#2545ea;font-weight:600">${escapeHtml(t('errorPage.retry'))}</a></p></body></html>`;
  return new Response(request.method === 'HEAD' ? null : html, {
    status: 503,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': String(RETRY_AFTER_SECONDS), 'Cache-Control': 'no-store' },
  });
}
