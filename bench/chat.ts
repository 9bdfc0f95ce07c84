/**
 * `npm run bench:chat`: live chat figures on a throwaway database on TEST_PG_URL (dropped at the end), with two
 * "web instances" (tests/integration/chat-instance.ts: the real route handlers and realtime hub, each in its own
 * process, as `next start` would run them; no build needed). Figures, never pass/fail:
 *
 *   connections  1,000 customer SSE streams held on instance A: memory per connection (RSS and heap)
 *   latency      50 messages/s across 100 active chats, sent by agents through A, shown on customer streams
 *                held on B: commit → shown p50/p95 (target p95 ≤ 100 ms), and the send's round trip
 *   offer        "start chat" → the agent's stream on B gets the offer, p50/p95
 *
 *   BENCH_CHAT_CONNECTIONS=1000 BENCH_CHAT_SECONDS=20 npm run bench:chat
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { applyMigrations } from '../src/server/db/schema-engine';
import { createThrowawayDatabase, testPgUrl } from '../tests/e2e/stack';
import { startChatInstance, type ChatInstance } from '../tests/integration/chat-instances';
import { openSse, type SseConnection } from '../tests/integration/sse-client';

const CONNECTIONS = Number(process.env.BENCH_CHAT_CONNECTIONS ?? 1_000);
const CHATS = 100;
const RATE = 50;
const SECONDS = Number(process.env.BENCH_CHAT_SECONDS ?? 20);
const OFFERS = 30;
const AUTH_SECRET = 'bench-chat-secret-0123456789-abcdefghijklmnop';

function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
const ms = (n: number) => `${n.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Noon on the latest Wednesday: inside BIZNES chat hours whatever the clock says. */
function inHours(): Date {
  const now = new Date();
  const back = (now.getUTCDay() - 3 + 7) % 7 || 7;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - back, 11, 0));
}

/** Opens a stream and waits for its first state; a stream the server closed (busy database) is opened again, as the hook would. */
async function openReady(url: string, agent: http.Agent, headers: Record<string, string> = {}): Promise<SseConnection> {
  for (let attempt = 0; ; attempt++) {
    const stream = await openSse(url, headers, agent);
    const ready = await Promise.race([
      stream.next((e) => e.event === 'chat' || e.event === 'inbox', 120_000).then(() => true),
      stream.closed.then(() => false),
    ]);
    if (ready) return stream;
    stream.close();
    if (attempt > 20) throw new Error(`stream never became ready: ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const database = await createThrowawayDatabase(testPgUrl(), 'vouchie_bench_chat_');
const instances: ChatInstance[] = [];
const streams: SseConnection[] = [];
try {
  await applyMigrations(database.url);
  Object.assign(process.env, { DATABASE_URL: database.url, AUTH_SECRET, LOG_LEVEL: 'silent', DATABASE_POOL_MAX: '10' });
  const { db } = await import('../src/server/db/client');
  const { startChat, offerSafely } = await import('../src/server/chat/sessions');
  const { setAgentChatStatus, acceptChat } = await import('../src/server/chat/agents');
  const { startChatSchema } = await import('../src/server/chat/schemas');
  const { createDatabaseSession } = await import('../src/server/auth/session');

  const instanceEnv = {
    DATABASE_URL: database.url,
    AUTH_SECRET,
    LOG_LEVEL: 'silent',
    // One bench client is one address: lift the per-IP limit (the per-chat one stays at its default).
    RATE_LIMIT_CHAT_PER_IP: '1000000',
    DATABASE_POOL_MAX: '20',
  };
  const [a, b] = await Promise.all([startChatInstance(instanceEnv), startChatInstance(instanceEnv)]);
  instances.push(a, b);
  console.log(`instances: A ${a.url} (${a.mode}), B ${b.url} (${b.mode})`);

  // Agents: enough seats for every chat, each with a session for the agent API.
  const agents: { id: string; cookie: string }[] = [];
  for (let i = 0; i < 40; i++) {
    const user = await db().user.create({
      data: { email: `agent${i}@bench.vouchie.pl`, name: `Agent ${i}`, role: 'AGENT', chatCapacity: 5 },
    });
    await setAgentChatStatus(user.id, 'ONLINE');
    const session = await createDatabaseSession(user.id);
    agents.push({ id: user.id, cookie: `${session.name}=${session.value}` });
  }
  const company = await db().company.create({ data: { name: 'Bench Spa', plan: 'BIZNES', externalId: 'bench-company' } });
  const chats: { id: string; token: string; agent: { id: string; cookie: string } }[] = [];
  for (let i = 0; i < CHATS; i++) {
    const customer = await db().user.create({ data: { email: `klient${i}@bench.pl`, name: `Klient ${i}`, companyId: company.id } });
    const started = await startChat(
      { kind: 'user', userId: customer.id, locale: 'pl', verified: true },
      startChatSchema.parse({ firstMessage: `Pytanie ${i}` }),
      inHours(),
    );
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    const agent = agents[i % agents.length]!;
    const accepted = await acceptChat(started.value.chat.id, agent.id);
    if (!accepted.ok) throw new Error(JSON.stringify(accepted.error));
    chats.push({ id: started.value.chat.id, token: started.value.token, agent });
  }
  // The SSE streams of the chats keep customers "seen"; the bench does not run the worker's sweep anyway.

  // 1. Connections held on A.
  const keepAlive = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const before = await a.stats();
  const opening = performance.now();
  // In waves of 50, as customers arrive over time rather than in one instant.
  for (let wave = 0; wave < CONNECTIONS; wave += 50) {
    const opened = await Promise.all(
      Array.from({ length: Math.min(50, CONNECTIONS - wave) }, async (_, j) => {
        const chat = chats[(wave + j) % CHATS]!;
        return openReady(`${a.url}/api/chat/${chat.id}/events?token=${encodeURIComponent(chat.token)}`, keepAlive);
      }),
    );
    streams.push(...opened);
  }
  const openSeconds = (performance.now() - opening) / 1000;
  const during = await a.stats();
  console.log(`\nconnections: ${CONNECTIONS} customer streams held on instance A (all replayed + state in ${openSeconds.toFixed(1)} s)`);
  console.log(
    `  RSS      ${mb(before.memory.rss)} → ${mb(during.memory.rss)}: ${((during.memory.rss - before.memory.rss) / CONNECTIONS / 1024).toFixed(1)} kB per connection`,
  );
  console.log(
    `  heap     ${mb(before.memory.heapUsed)} → ${mb(during.memory.heapUsed)}: ${((during.memory.heapUsed - before.memory.heapUsed) / CONNECTIONS / 1024).toFixed(1)} kB per connection`,
  );
  console.log(`  hub      ${during.hub.subscribers} subscriptions on one listening connection (${during.hub.mode})`);
  // The latency run is measured on its own: the held streams go (each would re-read every message of its chat).
  for (const stream of streams.splice(0)) stream.close();

  // 2. Latency: one customer stream per chat on B; agents send through A.
  const receivers: SseConnection[] = [];
  for (let wave = 0; wave < CHATS; wave += 50) {
    receivers.push(
      ...(await Promise.all(
        chats
          .slice(wave, wave + 50)
          .map((chat) => openReady(`${b.url}/api/chat/${chat.id}/events?token=${encodeURIComponent(chat.token)}`, keepAlive)),
      )),
    );
  }
  streams.push(...receivers);
  const shown: number[] = [];
  const roundTrips: number[] = [];
  const pending = new Map<string, true>();
  for (const receiver of receivers) {
    receiver.onEvent((event) => {
      if (event.event !== 'message') return;
      const data = event.data as { clientMessageId: string | null; createdAt: string };
      if (!data.clientMessageId || !pending.delete(data.clientMessageId)) return;
      // createdAt is written inside the sending transaction, before its commit: this is commit → shown plus the
      // rest of that transaction, an upper bound.
      shown.push(Date.now() - new Date(data.createdAt).getTime());
    });
  }
  const total = RATE * SECONDS;
  const interval = 1000 / RATE;
  const sends: Promise<void>[] = [];
  const t0 = performance.now();
  let failed = 0;
  for (let i = 0; i < total; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const chat = chats[i % CHATS]!;
    const clientMessageId = randomUUID();
    pending.set(clientMessageId, true);
    const started = performance.now();
    sends.push(
      fetch(`${a.url}/api/agent/chat/${chat.id}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: chat.agent.cookie, 'sec-fetch-site': 'same-origin' },
        body: JSON.stringify({ clientMessageId, body: `Odpowiedź ${i}` }),
      })
        .then(async (response) => {
          await response.arrayBuffer();
          if (response.status !== 201) failed++;
          roundTrips.push(performance.now() - started);
        })
        // A send the loaded machine could not even connect (undici's 10 s connect timeout) is a failed send, reported
        // below, not the end of the run.
        .catch(() => {
          failed++;
          pending.delete(clientMessageId);
        }),
    );
  }
  await Promise.all(sends);
  const drainUntil = Date.now() + 10_000;
  while (pending.size > 0 && Date.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 50));
  console.log(`\nlatency: ${total} messages at ${RATE}/s across ${CHATS} chats, agents sending through A, customers on B`);
  console.log(
    `  commit → shown   p50 ${ms(percentile(shown, 50))}  p95 ${ms(percentile(shown, 95))}  max ${ms(Math.max(...shown))}  (target p95 ≤ 100 ms)`,
  );
  console.log(`  send round trip  p50 ${ms(percentile(roundTrips, 50))}  p95 ${ms(percentile(roundTrips, 95))}`);
  console.log(`  delivered ${shown.length}/${total}, failed sends ${failed}, never shown ${pending.size}`);

  // 3. Start → offer, to an agent whose stream is on B.
  await db().chatSession.updateMany({ where: { status: { not: 'ENDED' } }, data: { status: 'ENDED', endedAt: new Date() } });
  await db().user.updateMany({ where: { role: 'AGENT' }, data: { chatStatus: 'OFFLINE' } });
  const offerAgent = agents[0]!;
  await setAgentChatStatus(offerAgent.id, 'ONLINE');
  await db().user.update({ where: { id: offerAgent.id }, data: { chatCapacity: OFFERS + 1 } });
  const agentStream = await openSse(
    `${b.url}/api/agent/chat/events`,
    { cookie: offerAgent.cookie, 'sec-fetch-site': 'same-origin' },
    keepAlive,
  );
  streams.push(agentStream);
  await agentStream.next((e) => e.event === 'inbox');
  const offerTimes: number[] = [];
  for (let i = 0; i < OFFERS; i++) {
    const customer = await db().user.create({ data: { email: `nowy${i}@bench.pl`, name: `Nowy ${i}`, companyId: company.id } });
    const started = performance.now();
    const result = await startChat(
      { kind: 'user', userId: customer.id, locale: 'pl', verified: true },
      startChatSchema.parse({ firstMessage: `Start ${i}` }),
      inHours(),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const chatId = result.value.chat.id;
    await agentStream.next((e) => e.event === 'offer' && (e.data as { id: string }).id === chatId, 10_000);
    offerTimes.push(performance.now() - started);
  }
  await offerSafely();
  console.log(`\noffer: "start chat" (ticket, chat, offer) → offer on the agent's stream on the other instance, ${OFFERS} chats`);
  console.log(`  p50 ${ms(percentile(offerTimes, 50))}  p95 ${ms(percentile(offerTimes, 95))}`);
  await db().$disconnect();
} finally {
  for (const stream of streams) stream.close();
  await Promise.all(instances.map((instance) => instance.stop()));
  await database.drop();
}
process.exit(0);
