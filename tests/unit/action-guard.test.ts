import { describe, expect, it } from 'vitest';
import { refuseServerActionRequest, SERVER_ACTION_BODY_LIMIT_BYTES } from '@/server/http/action-guard';

const action = (headers: Record<string, string>) =>
  new Request('http://localhost/pomoc/kontakt', { method: 'POST', headers: { 'next-action': 'abc123', ...headers } });

describe('server action requests refused before Next.js reads them', () => {
  it('answers 413 in Polish for a declared body over the limit', async () => {
    const response = refuseServerActionRequest(
      action({ 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(SERVER_ACTION_BODY_LIMIT_BYTES + 1) }),
    );
    expect(response?.status).toBe(413);
    expect(await response?.text()).toBe('Żądanie jest za duże.');
  });

  it('answers 415 for a content type no action form sends', () => {
    expect(refuseServerActionRequest(action({ 'content-type': 'application/json' }))?.status).toBe(415);
  });

  it('lets ordinary action posts and non-action requests through', () => {
    expect(refuseServerActionRequest(action({ 'content-type': 'text/plain;charset=UTF-8', 'content-length': '300' }))).toBeNull();
    expect(
      refuseServerActionRequest(
        new Request('http://localhost/pomoc/kontakt', { method: 'POST', headers: { 'content-length': '99999999' } }),
      ),
    ).toBeNull();
  });

  it('matches the limit configured for Next.js', async () => {
    const config = (await import('../../next.config')).default;
    expect(config.experimental?.serverActions?.bodySizeLimit).toBe('1mb');
  });
});
