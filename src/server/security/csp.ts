import { randomBytes } from 'node:crypto';

/**
 * The Content-Security-Policy of every HTML page (set by src/proxy.ts). Scripts run only with this response's
 * nonce (Next.js reads it from the request's CSP header and puts it on its own scripts) or when loaded by such a
 * script ('strict-dynamic'): an injected <script> or inline handler does not run. Styles allow inline `style`
 * attributes (React sets them; they cannot run code). Nothing may frame the pages, forms post only here, and
 * plugins are off. Attachments are served by /api/attachments with their own, stricter sandboxing policy.
 */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(nonce: string, options: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    // React's dev build needs eval for its error overlay; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}
