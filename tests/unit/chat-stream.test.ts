import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, backoffDelay, withAfter } from '@/components/chat/use-chat-stream';
import { SseStream } from '@/server/realtime/sse';
import { estimateWaitSeconds } from '@/server/chat/queue';
import { nextOpening } from '@/server/calendar';
import { calendarOf, PLAN_SUPPORT } from '@/server/plans';
import { sendChatMessageSchema, startChatSchema } from '@/server/chat/schemas';

describe('chat stream client', () => {
  it('backs off from 0.5 s doubling up to 15 s, and stays capped for ever', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, mid))).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000]);
    expect(backoffDelay(1_000, () => 1)).toBeLessThanOrEqual(BACKOFF_MAX_MS * 1.2);
    expect(backoffDelay(0, () => 0)).toBe(400);
  });

  it('sets `after` on reconnect and keeps the other parameters (the widget token)', () => {
    expect(withAfter('/api/chat/c1/events?token=abc', '42')).toBe('http://localhost/api/chat/c1/events?token=abc&after=42');
    expect(withAfter('/api/chat/c1/events?after=7&token=abc', null)).toBe('http://localhost/api/chat/c1/events?token=abc');
  });
});

describe('SSE stream', () => {
  it('closes a consumer that does not read once its buffer passes the limit', () => {
    const stream = new SseStream({ maxBufferedBytes: 2_000, heartbeatMs: 60_000 });
    const reasons: string[] = [];
    stream.onClose((reason) => reasons.push(reason));
    let sent = 0;
    while (stream.send('message', { body: 'x'.repeat(100) }, String(sent))) sent++;
    expect(sent).toBeGreaterThan(5);
    expect(sent).toBeLessThan(20);
    expect(reasons).toEqual(['slow_consumer']);
    expect(stream.closed).toBe(true);
  });

  it('writes events with their id and a ping heartbeat the page can see', async () => {
    const stream = new SseStream({ heartbeatMs: 60_000 });
    stream.send('message', { seq: '5' }, '5');
    stream.close();
    const text = await new Response(stream.body).text();
    expect(text).toBe('retry: 2000\n\nid: 5\nevent: message\ndata: {"seq":"5"}\n\n');
  });
});

describe('chat queue estimate', () => {
  const seats = { online: 2, seats: 6, free: 2, waiting: 0 };
  it('says nothing without history, the recent median wait with a free seat, and adds chat lengths per round ahead', () => {
    expect(estimateWaitSeconds(1, seats, { waitSeconds: null, durationSeconds: 300 })).toBeNull();
    expect(estimateWaitSeconds(2, seats, { waitSeconds: 40, durationSeconds: 300 })).toBe(40);
    expect(estimateWaitSeconds(3, seats, { waitSeconds: 40, durationSeconds: 300 })).toBe(340);
    expect(estimateWaitSeconds(9, seats, { waitSeconds: 40, durationSeconds: 300 })).toBe(640);
    expect(estimateWaitSeconds(3, { ...seats, seats: 0 }, { waitSeconds: 40, durationSeconds: null })).toBeNull();
  });
});

describe('chat hours', () => {
  it('finds the next opening in Warsaw time: Friday evening → Monday 9:00 (BIZNES), across the DST change and Easter Monday', () => {
    // Friday 2026-12-04 18:00 Warsaw (CET, UTC+1).
    const biznesChat = calendarOf(PLAN_SUPPORT.BIZNES, 'CHAT');
    expect(nextOpening(biznesChat, new Date('2026-12-04T17:00:00Z'))?.toISOString()).toBe('2026-12-07T08:00:00.000Z');
    // Saturday 2027-03-27, clocks go forward on Sunday: Monday 9:00 is UTC+2.
    // Easter Monday 2027 is 29 March, a public holiday: chat opens on Tuesday, 9:00 CEST.
    expect(nextOpening(biznesChat, new Date('2027-03-27T10:00:00Z'))?.toISOString()).toBe('2027-03-30T07:00:00.000Z');
  });
});

describe('chat input', () => {
  it('refuses an empty or over-long message with its own keys, and takes attachmentIds as upload tokens', () => {
    const id = '5b1a3c1e-1f2a-4c3d-9e8f-0a1b2c3d4e5f';
    expect(sendChatMessageSchema.safeParse({ clientMessageId: id, body: '   ' }).error?.issues[0]?.message).toBe(
      'errors.chat.bodyRequired',
    );
    expect(sendChatMessageSchema.safeParse({ clientMessageId: id, body: 'x'.repeat(5_001) }).error?.issues[0]?.message).toBe(
      'errors.chat.bodyTooLong',
    );
    const parsed = sendChatMessageSchema.parse({ clientMessageId: id, body: 'ok', attachmentIds: ['t'.repeat(20)] });
    expect(parsed.attachmentTokens).toEqual(['t'.repeat(20)]);
    expect(
      startChatSchema.parse({ firstMessage: 'Hej', attachmentTokens: ['a'.repeat(20)], attachmentIds: ['a'.repeat(20)] }).attachmentTokens,
    ).toHaveLength(1);
  });
});

describe('a new message on its NOTIFY', () => {
  const view = (body: string) => ({
    id: '00000000-0000-4000-8000-000000000001',
    chatId: '00000000-0000-4000-8000-000000000002',
    seq: '42',
    clientMessageId: null,
    author: 'AGENT' as const,
    authorName: 'Ewa',
    body,
    internal: false,
    createdAt: '2026-12-07T10:00:00.000Z',
    attachments: [],
  });

  it('carries the message when it fits, so no stream reads it back', async () => {
    const { chatEvents } = await import('@/server/chat/events');
    const event = chatEvents.message('00000000-0000-4000-8000-000000000002', 42n, false, view('Dzień dobry'));
    expect(event).toMatchObject({ kind: 'message', seq: '42', data: { internal: false, message: { body: 'Dzień dobry', seq: '42' } } });
  });

  it('falls back to the seq alone when the message would pass the NOTIFY limit (5,000 Polish characters can)', async () => {
    const { chatEvents } = await import('@/server/chat/events');
    const event = chatEvents.message('00000000-0000-4000-8000-000000000002', 42n, false, view('ż'.repeat(5_000)));
    expect(event.data).toEqual({ internal: false });
    expect(event.seq).toBe('42');
  });
});
