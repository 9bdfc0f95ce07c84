import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { escapeLiteral } from '@/server/db/pg-sql';

describe('escapeLiteral', () => {
  it("quotes every string as pg's escapeLiteral does", () => {
    const pieces = ["'", '\\', "\\'", "''", '"', '\n', '\0', 'ż', '😀', 'E', ' ', '$1', '{"a":"b\\"c"}', '<p class="x">'];
    const samples = ['', 'plain', ...pieces];
    // Every pair and a few longer mixes, so quotes and backslashes meet each other at every position.
    for (const a of pieces) for (const b of pieces) samples.push(a + b, `x${a}y${b}z`);
    samples.push(JSON.stringify({ body: 'Klient\'s "bon" C:\\kasa\\log', html: '<p>Zgłoszenie</p>\n'.repeat(50) }));
    for (const sample of samples) expect(escapeLiteral(sample), JSON.stringify(sample)).toBe(pg.escapeLiteral(sample));
  });
});
