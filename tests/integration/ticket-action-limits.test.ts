import { randomInt, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';

// Small limits for this file; env() is read lazily, so this must precede the first call.
process.env.RATE_LIMIT_TICKET_ACTIONS_PER_IP = '5';
process.env.RATE_LIMIT_TICKET_ACTIONS_PER_TICKET = '3';

const { allowTicketAction } = await import('@/server/tickets/action-limits');

/** A ticket number and an address no other test (or earlier run in this window) has counted against. */
const freshNumber = () => randomInt(500_000_000, 2_000_000_000);
const freshIp = () => `203.0.113.${randomInt(1, 255)}-${randomUUID().slice(0, 8)}`;

async function attempts(count: number, ip: () => string, ticket: () => number): Promise<boolean[]> {
  const outcomes: boolean[] = [];
  for (let i = 0; i < count; i++) outcomes.push(await allowTicketAction(ip(), ticket()));
  return outcomes;
}

describe('portal ticket action limits', () => {
  it('refuses the fourth action on one ticket within the window, whoever sends it', async () => {
    const ticket = freshNumber();
    expect(await attempts(4, freshIp, () => ticket)).toEqual([true, true, true, false]);
  });

  it('refuses the sixth action from one address even when each goes to another ticket', async () => {
    const ip = freshIp();
    expect(await attempts(6, () => ip, freshNumber)).toEqual([true, true, true, true, true, false]);
  });

  it('keeps other tickets and other addresses open while one is limited', async () => {
    const ticket = freshNumber();
    await attempts(4, freshIp, () => ticket);
    expect(await allowTicketAction(freshIp(), freshNumber())).toBe(true);
  });
});
