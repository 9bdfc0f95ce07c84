/**
 * Durations as a support lead reads them: the two largest units, rounded ("2 godz. 15 min", "1 dzień 4 godz.").
 * Pure (no React), so both server components and unit tests use it; the words come from the `dashboard.duration`
 * messages, whose ICU plurals handle "1 dzień / 2 dni" and "1 day / 2 days".
 */

export type DurationParts =
  | { unit: 'lessThanMinute' }
  | { unit: 'minutes'; minutes: number }
  | { unit: 'hours'; hours: number; minutes: number }
  | { unit: 'days'; days: number; hours: number };

const MINUTE = 60_000;

export function durationParts(ms: number): DurationParts {
  const minutes = Math.round(Math.max(0, ms) / MINUTE);
  if (minutes < 1) return { unit: 'lessThanMinute' };
  if (minutes < 60) return { unit: 'minutes', minutes };
  // Rounded to whole minutes below a day and to whole hours above, so 23 h 59.7 min reads "1 dzień", not "24 godz.".
  if (minutes < 24 * 60) return { unit: 'hours', hours: Math.floor(minutes / 60), minutes: minutes % 60 };
  const hours = Math.round(ms / (60 * MINUTE));
  return { unit: 'days', days: Math.floor(hours / 24), hours: hours % 24 };
}

/** A translator bound to the `dashboard.duration` namespace (next-intl's `t`). */
export type DurationTranslator = (key: string, values?: Record<string, number>) => string;

export function formatDuration(ms: number, t: DurationTranslator): string {
  const parts = durationParts(ms);
  switch (parts.unit) {
    case 'lessThanMinute':
      return t('lessThanMinute');
    case 'minutes':
      return t('minutes', { minutes: parts.minutes });
    case 'hours':
      return parts.minutes ? t('hoursMinutes', { hours: parts.hours, minutes: parts.minutes }) : t('hours', { hours: parts.hours });
    case 'days':
      return parts.hours ? t('daysHours', { days: parts.days, hours: parts.hours }) : t('days', { days: parts.days });
  }
}

/**
 * The chart's top gridline: the smallest of 1, 2, 4, 6, 8 or 10 × 10ⁿ (at least 4) at or above `max`, so the middle
 * gridline (half of it) is a whole number too.
 */
export function niceCeiling(max: number): number {
  if (max <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 4, 6, 8, 10].find((s) => s * magnitude >= max) ?? 10;
  return step * magnitude;
}
