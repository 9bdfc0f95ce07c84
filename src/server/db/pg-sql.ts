import { createHash } from 'node:crypto';
import type pg from 'pg';
import { db, pgPool, withPgClient, type Tx } from './client';

/**
 * Helpers of the SQL fast paths (tickets/create-fast.ts, tickets/reply-fast.ts, the inbound mail's record): a
 * transaction on a connection of the pool Prisma's adapter uses (`pgPool()`), statements as text with positional
 * values that Prisma (`$executeRawUnsafe`) and pg run alike, and the same text inlined with quoted literals so that
 * several statements travel in one simple-protocol query (one round trip for BEGIN … or … COMMIT).
 */

/** A statement as text with its $n placeholders and their values, for Prisma's raw queries and pg alike. */
export interface Statement {
  text: string;
  values: SqlValue[];
}

/** What a placeholder may take: text and numbers, a timestamp as an ISO string, raw bytes, an array of text. */
export type SqlValue = string | number | boolean | null | Buffer | readonly (string | null)[];

/** A timestamp as the `::timestamp` casts take it (UTC, as Prisma stores DateTime). */
export const stamp = (date: Date): string => date.toISOString();

/**
 * `sql` with its $n placeholders replaced by quoted literals (pg's own escaping; bytes as `decode(hex)`), so that it
 * can travel in one simple-protocol query together with BEGIN, COMMIT or other statements.
 */
export function inline(client: pg.ClientBase, sql: string, values: readonly SqlValue[]): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => {
    const value = values[Number(n) - 1];
    if (value === undefined) throw new Error(`no value for $${n}`);
    return literal(value);
  });
}

/** One value as a quoted literal (see `inline`). */
function literal(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return String(value);
  if (Buffer.isBuffer(value)) return `decode('${value.toString('hex')}', 'hex')`;
  if (typeof value === 'string') return escapeLiteral(value);
  // An array as Postgres' array input reads it (each element quoted, `"` and `\` escaped), typed by its placeholder.
  return escapeLiteral(`{${value.map((item) => (item === null ? 'NULL' : `"${item.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`);
}

/**
 * What pg's `escapeLiteral` returns (quotes doubled; with a backslash, backslashes doubled in an `E''` string), by two
 * native replaces instead of its loop over every character: about a third of its CPU on the rows' JSON document of
 * a ticket (several kB: the mails' text and HTML). tests/unit/pg-sql.test.ts holds it to pg's.
 */
export function escapeLiteral(value: string): string {
  const quoted = value.replace(/'/g, "''");
  return value.includes('\\') ? ` E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

/**
 * A statement the fast paths send on every call, prepared once per connection (SQL `PREPARE`) and then sent as
 * `EXECUTE name(literals…)`, so that it still travels in one simple-protocol query with BEGIN or COMMIT.
 * Postgres then parses, analyses and plans it once per connection instead of on every call: for the ticket's
 * statements (CTEs over a dozen tables) that was about a third of the CPU Postgres spent on a ticket
 * (docs/performance.md, "Second pass"). The name is derived from the text, so a changed text is a new statement.
 */
export interface PreparedSql {
  name: string;
  text: string;
}

export function preparedSql(text: string): PreparedSql {
  return { name: `vouchie_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`, text };
}

/** The prepared statements each connection's session holds (by client object: a new connection starts empty). */
const preparedOn = new WeakMap<pg.ClientBase, Set<string>>();

/**
 * Prepares on `client` those of `statements` its session does not hold yet, in one query of its own (a round trip
 * the first time a connection meets them, none afterwards). Call it outside a transaction, before BEGIN: PREPARE is
 * not transactional, a rollback does not undo it. If the query fails, the session's list is read back from
 * `pg_prepared_statements` and the missing ones are prepared once more: a session may hold some already that this
 * process did not prepare (the embedded PGlite shares one session between every connection, the web server's and the
 * worker's: docs/architecture.md), and the same text always has the same name.
 */
export async function prepareOn(client: pg.ClientBase, statements: readonly PreparedSql[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const held = preparedOn.get(client) ?? new Set<string>();
    preparedOn.set(client, held);
    const missing = [...new Map(statements.filter((statement) => !held.has(statement.name)).map((s) => [s.name, s])).values()];
    if (!missing.length) return;
    try {
      await client.query(missing.map((statement) => `PREPARE ${statement.name} AS ${statement.text}`).join(';\n'));
      for (const statement of missing) held.add(statement.name);
      return;
    } catch (error) {
      const { rows } = await client.query<{ name: string }>('SELECT name FROM pg_prepared_statements').catch(() => ({ rows: [] }));
      preparedOn.set(client, new Set(rows.map((row) => row.name)));
      if (attempt > 1) throw error;
    }
  }
}

/** `EXECUTE` of a statement prepared on `client` (prepareOn), its values as quoted literals (see `inline`). */
export function execute(client: pg.ClientBase, statement: PreparedSql, values: readonly SqlValue[]): string {
  return values.length ? `EXECUTE ${statement.name}(${values.map((value) => literal(value)).join(', ')})` : `EXECUTE ${statement.name}`;
}

/** The same statement inlined (see `inline`). */
export const inlined = (client: pg.ClientBase, statement: Statement): string => inline(client, statement.text, statement.values);

/** Runs the statement in the caller's Prisma transaction (or on the client). */
export function executeIn(tx: Pick<Tx, '$executeRawUnsafe'>, statement: Statement): Promise<number> {
  return tx.$executeRawUnsafe(statement.text, ...statement.values);
}

/** The rows of a statement sent with others in one simple-protocol query (pg then answers with an array). */
export function resultAt<R extends pg.QueryResultRow>(result: pg.QueryResult<R> | pg.QueryResult<R>[], index: number): pg.QueryResult<R> {
  const one = Array.isArray(result) ? result.at(index) : result;
  if (!one) throw new Error('no result');
  return one;
}

/** The last statement's rows of a multi-statement query. */
export const lastResult = <R extends pg.QueryResultRow>(result: pg.QueryResult<R> | pg.QueryResult<R>[]) => resultAt(result, -1);

/**
 * `work` on a connection of `pool` (withPgClient: an 'error' listener while it is out), which sends its own
 * BEGIN … COMMIT (usually within its first and last query); on an error the transaction is rolled back and the
 * error rethrown. A connection that could not even roll back is dropped, not handed to the next caller, and so is
 * one whose prepared statement no longer fits its tables (0A000 "cached plan must not change result type": a
 * migration changed a column the statement returns while this process ran): that statement would fail on every
 * later call there, while a new connection prepares it afresh.
 */
export async function onPgConnection<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withPgClient(pool, async (client, markBroken) => {
    try {
      return await work(client);
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        markBroken(rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError)));
      });
      if ((error as { code?: unknown } | null)?.code === '0A000') markBroken(error as Error);
      throw error;
    }
  });
}

/**
 * `BEGIN` with the transaction's statement timeout (as Prisma's transaction timeout; 57014 answers 503), and generic
 * plans for its prepared statements: Postgres' own choice kept re-planning the ticket's insert on every call (its
 * estimate for the recipients' arrays made the generic plan look dearer), which is the very work preparing saves.
 */
export const begin = (timeoutMs: number): string =>
  `BEGIN; SET LOCAL statement_timeout = ${Math.round(timeoutMs)}; SET LOCAL plan_cache_mode = force_generic_plan`;

/** How many results `begin` puts before those of the statements sent after it in the same query. */
export const BEGIN_RESULTS = 3;

/** Bytes up to which a value travels inlined (as hex, twice its size) rather than as a parameter of its own. */
const INLINE_BYTES_MAX = 256 * 1024;

/**
 * The last query of a fast path: `writes` (SQL text), the `statements` of the caller, and COMMIT, in one round trip.
 * A statement carrying large bytes (a big mail's raw source) goes first as a query of its own, with the bytes as a
 * binary parameter: inlined they would double in size and be parsed as text.
 */
export async function commitWith(client: pg.ClientBase, writes: string, statements: readonly Statement[]): Promise<void> {
  const large = (statement: Statement) =>
    statement.values.some(
      (value) => (Buffer.isBuffer(value) ? value.length : typeof value === 'string' ? value.length : 0) > INLINE_BYTES_MAX,
    );
  for (const statement of statements.filter(large)) await client.query(statement.text, [...statement.values]);
  const inlinedRest = statements.filter((statement) => !large(statement)).map((statement) => inlined(client, statement));
  await client.query([writes, ...inlinedRest, 'COMMIT'].join(';\n'));
}

/**
 * One statement outside any transaction (a look-up, an autocommitted insert): through pg when Prisma's pool is the
 * current one (a fraction of the CPU Prisma spends on a raw query), else through Prisma (a swapped client).
 */
export async function rawQuery<R extends pg.QueryResultRow>(text: string, values: readonly unknown[]): Promise<R[]> {
  const pool = pgPool();
  return pool ? (await pool.query<R>(text, [...values])).rows : db().$queryRawUnsafe<R[]>(text, ...values);
}
