/**
 * `npx tsx bench/mail-profile.ts [--statements] [--cpu] [--mails=400]`: where one inbound mail's time goes.
 *   --statements  every statement each mail kind sends to Postgres (BEGIN and COMMIT included), as
 *                 tests/integration/round-trips.test.ts counts them
 *   --cpu         CPU time per mail (process.cpuUsage) through ingestEmail(), 4 concurrent, and a V8 CPU profile
 *                 of the same loop (node:inspector, the data of `node --cpu-prof`) summarised by self time per
 *                 package and inclusive time per function of src/; the .cpuprofile is written to the temp dir
 * Figures only, on a throwaway database; see docs/performance.md.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import pg from 'pg';
import { appBenchDatabase } from './app-database';
import { corpusMail, kindOf, MAIL_KINDS, seedThreads } from './mail-corpus';
import { loadAverage, runLoad } from './load';

const args = process.argv.slice(2);
const MAILS = Number(args.find((a) => a.startsWith('--mails='))?.slice(8) ?? 400);
const all = !args.includes('--statements') && !args.includes('--cpu');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
  hitCount?: number;
}

async function main() {
  const { dispose } = await appBenchDatabase('mailprof', {
    MAIL_CAP_PER_RECIPIENT_PER_HOUR: '100000',
    MAIL_CAP_PER_TICKET_PER_HOUR: '100000',
  });
  try {
    const { db } = await import('../src/server/db/client');
    const { ingestEmail } = await import('../src/server/mail/inbound/ingest');
    // Two agents with "new tickets" on, as round-trips.test.ts has: their notifications are part of the cost.
    for (const n of [1, 2])
      await db().user.create({ data: { email: `agent${n}@vouchie.localhost`, name: `Agent ${n}`, role: 'AGENT', notifyNewTickets: true } });
    const threads = await seedThreads(50);
    const mails = await Promise.all(Array.from({ length: MAILS + 80 }, (_, i) => corpusMail(threads, i)));
    for (let i = MAILS; i < MAILS + 80; i++) await ingestEmail(mails[i]!, { source: 'smtp' }); // warm-up

    if (all || args.includes('--statements')) {
      const original = pg.Client.prototype.query;
      for (let k = 0; k < MAIL_KINDS.length; k++) {
        const seen: string[] = [];
        pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
          const first = a[0] as string | { text?: string };
          seen.push((typeof first === 'string' ? first : (first?.text ?? '?')).replace(/\s+/g, ' ').slice(0, 150));
          return (original as (...x: unknown[]) => unknown).apply(this, a);
        } as typeof original;
        const raw = await corpusMail(threads, 1000 + k);
        const t0 = performance.now();
        await ingestEmail(raw, { source: 'smtp' });
        const ms = performance.now() - t0;
        pg.Client.prototype.query = original;
        console.log(`\n${kindOf(1000 + k)}: ${seen.length} statements, ${ms.toFixed(1)} ms alone\n  ${seen.join('\n  ')}`);
      }
    }

    if (all || args.includes('--cpu')) {
      const half = Math.floor(MAILS / 2);
      const cpu0 = process.cpuUsage();
      const run = await runLoad(
        'cpu',
        { total: half, concurrency: 4 },
        async (i) => void (await ingestEmail(mails[i]!, { source: 'smtp' })),
      );
      const cpu = process.cpuUsage(cpu0);
      console.log(
        `\nCPU per mail (no profiler, ${half} mails, 4 concurrent): ${((cpu.user + cpu.system) / 1000 / half).toFixed(2)} ms ` +
          `(user ${(cpu.user / 1000 / half).toFixed(2)}, system ${(cpu.system / 1000 / half).toFixed(2)}); ` +
          `${(half / run.seconds).toFixed(0)} mails/s wall`,
      );
      const session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
      await runLoad(
        'profile',
        { total: MAILS - half, concurrency: 4 },
        async (i) => void (await ingestEmail(mails[half + i]!, { source: 'smtp' })),
      );
      const { profile } = (await session.post('Profiler.stop')) as { profile: { nodes: ProfileNode[] } };
      session.disconnect();
      const file = path.join(os.tmpdir(), `vouchie-mail-${Date.now()}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      summarise(profile.nodes);
      console.log(`\nProfile written to ${file}`);
    }
    console.log(`\nLoad average: ${loadAverage()}`);
    await db().$disconnect();
  } finally {
    await dispose();
  }
}

/** Self time by package (or "src/…" area, node internals, idle, GC) and inclusive time of src/ functions. */
function summarise(nodes: ProfileNode[]) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total = nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0);
  const bucket = (n: ProfileNode): string => {
    const { url, functionName } = n.callFrame;
    if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName}`;
    const nm = url.lastIndexOf('node_modules/');
    if (nm >= 0) {
      const rest = url.slice(nm + 13).split('/');
      return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
    }
    if (url.startsWith('node:')) return 'node internals';
    const src = url.indexOf('/src/');
    if (src >= 0) return url.slice(src + 1).replace(/^src\/generated\/.*/, 'src/generated (Prisma client)');
    return url;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const n of nodes) {
    const hits = n.hitCount ?? 0;
    if (!hits) continue;
    self.set(bucket(n), (self.get(bucket(n)) ?? 0) + hits);
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)!;
      const src = f.callFrame.url.indexOf('/src/');
      if (src < 0 || f.callFrame.url.includes('/generated/')) continue;
      const key = `${f.callFrame.functionName || '(anonymous)'} ${f.callFrame.url.slice(src + 1)}:${f.callFrame.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + hits);
    }
  }
  const pct = (h: number) => `${((100 * h) / total).toFixed(1).padStart(5)} %`;
  console.log(`\nSelf time by package (${total} samples):`);
  for (const [k, h] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${pct(h)}  ${k}`);
  console.log('\nInclusive time of src/ functions:');
  for (const [k, h] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${pct(h)}  ${k}`);
}

await main();
process.exit(0);
