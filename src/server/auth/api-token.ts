import { createHash, timingSafeEqual } from 'node:crypto';
import { env } from '@/server/env';

/** Server-to-server calls from the Vouchie panel: `Authorization: Bearer <SUPPORT_API_TOKEN>`. */
export function isValidApiRequest(headers: Headers): boolean {
  const expected = env().SUPPORT_API_TOKEN;
  const header = headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!expected || !match?.[1]) return false;
  // Compare digests so the comparison takes the same time whatever the lengths.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match[1]), digest(expected));
}
