import { describe, expect, it } from 'vitest';
import { pgPool } from '@/server/db/client';
import { execute, onPgConnection, preparedSql, prepareOn } from '@/server/db/pg-sql';

/**
 * The fast paths' prepared statements (db/pg-sql.ts): prepared once per connection, run by EXECUTE with their values
 * as literals, and a connection whose statement no longer fits its tables is dropped rather than kept failing.
 */
function pool() {
  const current = pgPool();
  if (!current) throw new Error('expected the pool of db()');
  return current;
}

describe('prepared statements on the pool', () => {
  it('run with text, arrays and nulls exactly as given, and are prepared once per connection', async () => {
    const echo = preparedSql('SELECT $1::text AS text, $2::text[] AS steps, $3::uuid[] AS ids, $4::int AS n');
    const text = 'Klient\'s "bon" C:\\kasa {a,b} NULL';
    const steps = ['Zatwierdź "OK", potem {Enter}', 'C:\\kasa\\log', '', 'NULL', null];
    const ids = ['0d5a3e55-4b0c-4a84-9d1c-1c5b3ef7b1aa'];
    const rows = await onPgConnection(pool(), async (client) => {
      await prepareOn(client, [echo]);
      await prepareOn(client, [echo]); // held already: nothing sent
      const first = (await client.query(execute(client, echo, [text, steps, ids, 7]))).rows;
      const held = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = $1', [echo.name]))
        .rows;
      return { first, held };
    });
    expect(rows.first).toEqual([{ text, steps, ids, n: 7 }]);
    expect(rows.held).toEqual([{ n: 1 }]);
  });

  it('drop a connection whose prepared statement no longer fits its table, and prepare it afresh on the next', async () => {
    const table = `pg_prepared_${process.pid}`;
    const read = preparedSql(`SELECT a FROM ${table}`);
    const setUp = async () => {
      await onPgConnection(pool(), async (client) => {
        await client.query(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (a int); INSERT INTO ${table} VALUES (1)`);
        await prepareOn(client, [read]);
        expect((await client.query(execute(client, read, []))).rows).toEqual([{ a: 1 }]);
      });
    };
    await setUp();
    const before = pool().totalCount;
    // A migration changes the column's type while the process runs: the connection's plan cannot follow.
    const failure = onPgConnection(pool(), async (client) => {
      await client.query(`ALTER TABLE ${table} ALTER COLUMN a TYPE bigint`);
      return client.query(execute(client, read, []));
    });
    await expect(failure).rejects.toMatchObject({ code: '0A000' });
    expect(pool().totalCount).toBe(before - 1);
    const rows = await onPgConnection(pool(), async (client) => {
      await prepareOn(client, [read]);
      return (await client.query(execute(client, read, []))).rows;
    });
    expect(rows).toEqual([{ a: '1' }]);
    await pool().query(`DROP TABLE ${table}`);
  });
});
