import { randomBytes } from 'node:crypto';

/**
 * The Content-Security-Policy of every HTML page (set by src/proxy.ts). Scripts run only with this response's
 * nonce (Next.js reads it from the request's CSP header and puts it on its own scripts) or when loaded by such a
 * script ('strict-dynamic'): an injected <script> or inline handler does not run. Styles allow inline `style`
 * attributes (React sets them; they cannot run code). Nothing may frame the pages (but the chat widget's, for its listed sites), forms post only here, and
 * plugins are off. Attachments are served by /api/attachments with their own, stricter sandboxing policy.
 */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(
  nonce: string,
  options: {
    dev: boolean;
    https: boolean;
    /**
     * Who may frame this page: nobody by default. The chat widget's page (/czat/widget) alone passes the
     * CHAT_WIDGET_ORIGINS here ('self' is added for the app's own pages, e.g. the demo panel).
     */
    frameAncestors?: readonly string[];
  },
): string {
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
    options.frameAncestors
      ? `frame-ancestors 'self'${options.frameAncestors.map((origin) => ` ${origin}`).join('')}`
      : "frame-ancestors 'none'",
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** The chat widget's page, framed by the sites in CHAT_WIDGET_ORIGINS (and only it). */
export const CHAT_WIDGET_PATH = '/czat/widget';

export function isChatWidgetPage(pathname: string): boolean {
  return pathname === CHAT_WIDGET_PATH || pathname.startsWith(`${CHAT_WIDGET_PATH}/`);
}
