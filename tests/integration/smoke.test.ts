import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';

describe('database', () => {
  it('numbers tickets from 10001', async () => {
    const rows = await db().$queryRaw<{ n: bigint }[]>`SELECT nextval('"Ticket_number_seq"') AS n`;
    expect(Number(rows[0]?.n)).toBeGreaterThanOrEqual(10001);
  });
});
