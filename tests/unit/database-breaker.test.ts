import { describe, expect, it } from 'vitest';
import { noteDatabaseUnavailable, unavailablePageResponse } from '@/server/db/breaker';

const page = (headers: Record<string, string> = {}, method = 'GET') => new Request('http://localhost/pomoc/kontakt', { method, headers });

describe('pages while the database is unavailable', () => {
  it('answer 503 with Retry-After and a Polish page for a few seconds after a failure, then try again', async () => {
    const failedAt = Date.now() + 60_000;
    expect(unavailablePageResponse(page(), failedAt)).toBeNull();
    noteDatabaseUnavailable(failedAt);
    const response = unavailablePageResponse(page(), failedAt + 1_000);
    expect(response?.status).toBe(503);
    expect(response?.headers.get('retry-after')).toBe('5');
    expect(await response?.text()).toContain('Usługa jest chwilowo niedostępna');
    expect(unavailablePageResponse(page({ cookie: 'NEXT_LOCALE=en' }), failedAt + 1_000)?.headers.get('retry-after')).toBe('5');
    expect(await unavailablePageResponse(page({ cookie: 'NEXT_LOCALE=en' }), failedAt + 1_000)?.text()).toContain(
      'The service is temporarily unavailable',
    );
    // A form post is never swallowed by the breaker: it reaches its action, which answers for itself.
    expect(unavailablePageResponse(page({}, 'POST'), failedAt + 1_000)).toBeNull();
    expect(unavailablePageResponse(page(), failedAt + 5_001)).toBeNull();
  });
});
