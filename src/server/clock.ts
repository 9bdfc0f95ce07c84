import { readFileSync } from 'node:fs';
import { env } from '@/server/env';

/**
 * The instant that business-hours rules read (is live chat staffed now?). Always the real clock, except on a demo /
 * test stack (DEMO_MODE, which is never on in production) started with TEST_CLOCK_FILE: then the file's ISO instant,
 * when it holds one, so an e2e test can put the app inside or outside chat hours without waiting for Monday 9:00.
 * Nothing else (stamps, SLA clocks, token expiry) is moved.
 */
export function businessHoursNow(real: Date = new Date()): Date {
  const config = env();
  const file = config.TEST_CLOCK_FILE;
  if (!file || !config.DEMO_MODE) return real;
  try {
    const text = readFileSync(file, 'utf8').trim();
    const instant = text ? new Date(text) : null;
    return instant && !Number.isNaN(instant.getTime()) ? instant : real;
  } catch {
    return real;
  }
}
