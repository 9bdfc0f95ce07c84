/**
 * What the browser can tell about itself, for the "Twoje środowisko" block. Runs only in the browser (it is read
 * through useSyncExternalStore, whose server snapshot is null), and never leaves the page unless the form is sent.
 */

export const ENVIRONMENT_FIELDS = ['browser', 'os', 'screen', 'timeZone', 'language', 'pageUrl', 'userAgent'] as const;
export type EnvironmentField = (typeof ENVIRONMENT_FIELDS)[number];
export type EnvironmentValues = Record<EnvironmentField, string>;

/** User-Agent Client Hints (Chromium only); not in TypeScript's DOM types yet. */
interface UserAgentData {
  brands?: readonly { brand: string; version: string }[];
  mobile?: boolean;
  platform?: string;
}

// Client Hints list generic entries ("Chromium", "Not_A Brand") beside the real product name.
const GENERIC_BRAND = /not.?a.?brand|^chromium$/i;

function browserFromHints(hints: UserAgentData): string | undefined {
  const brands = (hints.brands ?? []).filter((b) => !/not.?a.?brand/i.test(b.brand));
  const named = brands.find((b) => !GENERIC_BRAND.test(b.brand)) ?? brands[0];
  if (!named) return undefined;
  const name = named.brand.replace(/^Google /, '');
  return `${name} ${named.version}`;
}

const BROWSER_PATTERNS: readonly [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/OPR\/(\d+)/, 'Opera'],
  [/SamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/(?:Firefox|FxiOS)\/(\d+)/, 'Firefox'],
  [/(?:Chrome|CriOS)\/(\d+)/, 'Chrome'],
  [/Version\/(\d+(?:\.\d+)?).*Safari\//, 'Safari'],
];

export function browserFromUserAgent(ua: string): string | undefined {
  for (const [pattern, name] of BROWSER_PATTERNS) {
    const match = pattern.exec(ua);
    if (match) return `${name} ${match[1]}`;
  }
  return undefined;
}

export function osFromUserAgent(ua: string): string | undefined {
  let match: RegExpExecArray | null;
  if ((match = /(?:iPhone|CPU) OS (\d+)[_.](\d+)/.exec(ua))) return `iOS ${match[1]}.${match[2]}`;
  if ((match = /Android (\d+(?:\.\d+)?)/.exec(ua))) return `Android ${match[1]}`;
  // Windows 11 still reports "Windows NT 10.0", so the version would be a guess.
  if (/Windows NT/.test(ua)) return 'Windows';
  if (/CrOS/.test(ua)) return 'ChromeOS';
  // Safari on iPad asks for the desktop site and reports itself as a Mac.
  if ((match = /Mac OS X (\d+)[_.](\d+)/.exec(ua))) return `macOS ${match[1]}.${match[2]}`;
  if (/Macintosh/.test(ua)) return 'macOS';
  if (/Linux/.test(ua)) return 'Linux';
  return undefined;
}

function osName(ua: string, hints: UserAgentData | undefined): string | undefined {
  const fromUa = osFromUserAgent(ua);
  const platform = hints?.platform;
  if (!platform || platform === 'Unknown') return fromUa;
  // The UA string carries a version the low-entropy hint lacks; prefer it when both name the same system.
  return fromUa?.toLowerCase().startsWith(platform.toLowerCase()) ? fromUa : platform;
}

function timeZoneWithOffset(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const minutes = -new Date().getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  const offset = `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return zone ? `${zone} (${offset})` : offset;
}

/** The page the user came from: the panel links here with `?from=`, otherwise the referrer (origin only across sites). */
function cameFrom(): string {
  const from = new URLSearchParams(window.location.search).get('from');
  return (from ?? document.referrer).slice(0, 2000);
}

export function detectEnvironment(): EnvironmentValues {
  const ua = navigator.userAgent;
  const hints = 'userAgentData' in navigator ? (navigator.userAgentData as UserAgentData | undefined) : undefined;
  const dpr = window.devicePixelRatio || 1;
  return {
    browser: (hints && browserFromHints(hints)) ?? browserFromUserAgent(ua) ?? '',
    os: osName(ua, hints) ?? '',
    screen: `${window.screen.width}×${window.screen.height}${dpr === 1 ? '' : ` @${Math.round(dpr * 100) / 100}x`}, viewport ${window.innerWidth}×${window.innerHeight}`,
    timeZone: timeZoneWithOffset(),
    language: (navigator.languages?.length ? navigator.languages : [navigator.language]).join(', '),
    pageUrl: cameFrom(),
    userAgent: ua,
  };
}

let detected: EnvironmentValues | undefined;

/** A stable snapshot for useSyncExternalStore: the environment does not change while the page is open. */
export function readEnvironment(): EnvironmentValues {
  detected ??= detectEnvironment();
  return detected;
}

export function subscribeNever(): () => void {
  return () => {};
}

/** The one-line summary the form shows ("Chrome 131 · Linux · 1280×900 · Europe/Warsaw (UTC+01:00) · pl-PL"); '' when nothing is known. */
export function environmentSummary(values: EnvironmentValues): string {
  return [values.browser, values.os, values.screen.split(',')[0], values.timeZone, values.language.split(',')[0]]
    .filter(Boolean)
    .join(' · ');
}
