/**
 * Where to send someone after signing in, when the destination comes from outside (the panel's `return_to`,
 * a `callbackUrl` in the address bar): only a path on our own origin, never a URL that a browser would read
 * as another host (`//evil.com`, `/\evil.com`, `https://…`, `javascript:`). Anything else falls back.
 */
const PROBE_ORIGIN = 'http://return-path.invalid';
const MAX_LENGTH = 2_000;

export function safeReturnPath(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return fallback;
  if (!value.startsWith('/') || value.includes('//') || value.includes('\\')) return fallback;
  // Browsers drop tabs and newlines inside URLs, so "/\t/evil.com" would become "//evil.com".
  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE_ORIGIN) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

function comparableOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (/^(127(\.\d{1,3}){3}|\[::1\])$/.test(parsed.hostname)) parsed.hostname = 'localhost';
    return parsed.origin;
  } catch {
    return null;
  }
}

/** The path (with query and fragment) of `url` if it is on one of `origins`, else the home page. */
export function sameSitePath(url: string, origins: string[]): string {
  if (url.startsWith('/')) return safeReturnPath(url, '/');
  const origin = comparableOrigin(url);
  if (!origin || !origins.some((allowed) => comparableOrigin(allowed) === origin)) return '/';
  const { pathname, search, hash } = new URL(url);
  return safeReturnPath(`${pathname}${search}${hash}`, '/');
}
