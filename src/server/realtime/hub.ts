import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { PrismaClient } from '@/generated/prisma/client';
import type { Tx } from '@/server/db/client';
import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { childLogger } from '@/server/logger';

/**
 * Real-time fan-out across web instances through Postgres LISTEN/NOTIFY (docs/chat.md says why not Socket.IO).
 *
 * - Writers call `publish(tx, events)` inside the transaction that makes the change: Postgres delivers a NOTIFY
 *   only when (and if) that transaction commits, in commit order, to every instance. So nobody hears of a
 *   message that is not committed, and nothing is announced twice.
 * - Each process holds ONE listening connection (this hub), whatever its number of streams, and hands each
 *   notification to the in-process subscribers of its topic (`chat:<id>`, `agent-inbox`, `agent:<userId>`, later
 *   presence and phone call pop-ups).
 * - Payloads are small (`{ topic, kind, seq?, data? }`): subscribers re-read what they show from Postgres, the
 *   system of record. A notification lost while the listening connection was down is made good by a `resync`
 *   sent to every subscriber once it is back: they re-read from their last seq.
 * - Where notifications never arrive (embedded PGlite shares one session between connections; a transaction-mode
 *   pooler drops them), the hub says so once and sends `resync` every second instead: slower, never stale.
 */

export const REALTIME_CHANNEL = 'vouchie_realtime';

export interface RealtimeEvent {
  topic: string;
  kind: string;
  /** A message's seq (decimal), for message events. */
  seq?: string;
  /** Small facts the subscriber needs to decide without a query (typing state, an internal note's flag). */
  data?: Record<string, unknown>;
}

/** What subscribers get: an event, or `{ topic, kind: 'resync' }` (re-read: notifications may have been lost). */
export type HubSignal = RealtimeEvent;
export type Subscriber = (signal: HubSignal) => void;

type HubMode = 'idle' | 'connecting' | 'listening' | 'polling' | 'closed';

const PROBE_PREFIX = 'probe:';
const PROBE_TIMEOUT_MS = 5_000;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 15_000;
const POLL_MS = 1_000;
/** Postgres refuses NOTIFY payloads of 8000 bytes or more. */
const MAX_PAYLOAD = 7_900;

const log = childLogger({ module: 'realtime' });

export class RealtimeHub {
  private readonly topics = new Map<string, Set<Subscriber>>();
  private client: pg.Client | undefined;
  private mode: HubMode = 'idle';
  private reconnectDelay = RECONNECT_MIN_MS;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private settleReady: (mode: 'listening' | 'polling') => void = () => undefined;
  /** Resolves once the hub listens (or gave up and polls): tests and the bench wait for it. */
  readonly ready = new Promise<'listening' | 'polling'>((resolve) => {
    this.settleReady = resolve;
  });
  private delivered = 0;
  private everListened = false;

  constructor(private readonly connectionString: string) {}

  /** Starts listening on first use; returns the function that unsubscribes. */
  subscribe(topic: string, subscriber: Subscriber): () => void {
    this.start();
    let set = this.topics.get(topic);
    if (!set) {
      set = new Set();
      this.topics.set(topic, set);
    }
    set.add(subscriber);
    return () => {
      const current = this.topics.get(topic);
      if (!current) return;
      current.delete(subscriber);
      if (current.size === 0) this.topics.delete(topic);
    };
  }

  /** A method, not a field read: TypeScript would otherwise narrow `mode` across the awaits above. */
  private isClosed(): boolean {
    return this.mode === 'closed';
  }

  start(): void {
    if (this.mode !== 'idle') return;
    this.mode = 'connecting';
    void this.connect();
  }

  stats(): { mode: HubMode; topics: number; subscribers: number; delivered: number } {
    let subscribers = 0;
    for (const set of this.topics.values()) subscribers += set.size;
    return { mode: this.mode, topics: this.topics.size, subscribers, delivered: this.delivered };
  }

  private dispatch(signal: HubSignal): void {
    const set = this.topics.get(signal.topic);
    if (!set) return;
    this.delivered += set.size;
    for (const subscriber of [...set]) {
      try {
        subscriber(signal);
      } catch (error) {
        log.error({ err: error, topic: signal.topic }, 'realtime subscriber threw');
      }
    }
  }

  private resyncAll(): void {
    for (const topic of [...this.topics.keys()]) this.dispatch({ topic, kind: 'resync' });
  }

  private onNotification(message: pg.Notification): void {
    if (message.channel !== REALTIME_CHANNEL || !message.payload || message.payload.startsWith(PROBE_PREFIX)) return;
    let event: RealtimeEvent;
    try {
      event = JSON.parse(message.payload) as RealtimeEvent;
    } catch {
      return;
    }
    if (typeof event.topic === 'string' && typeof event.kind === 'string') this.dispatch(event);
  }

  private async connect(): Promise<void> {
    if (this.mode === 'closed') return;
    const client = new pg.Client({ connectionString: this.connectionString, application_name: 'vouchie-realtime' });
    let dropped = false;
    const drop = (error?: unknown) => {
      if (dropped) return;
      dropped = true;
      if (this.client === client) this.client = undefined;
      client.end().catch(() => undefined);
      this.scheduleReconnect(error);
    };
    client.on('error', drop);
    client.on('end', () => drop());
    client.on('notification', (message) => this.onNotification(message));
    try {
      await client.connect();
      await client.query(`LISTEN ${REALTIME_CHANNEL}`);
    } catch (error) {
      if (error instanceof pg.DatabaseError && !dropped) {
        dropped = true;
        client.end().catch(() => undefined);
        this.startPolling('LISTEN refused by this database');
        return;
      }
      drop(error);
      return;
    }
    let heard = false;
    try {
      heard = await this.probe(client);
    } catch (error) {
      drop(error);
      return;
    }
    if (dropped) return;
    if (!heard || this.isClosed()) {
      dropped = true;
      await client.end().catch(() => undefined);
      if (!heard) this.startPolling('notifications do not reach the listening connection');
      return;
    }
    const reconnected = this.everListened;
    this.everListened = true;
    this.client = client;
    this.mode = 'listening';
    this.reconnectDelay = RECONNECT_MIN_MS;
    this.settleReady('listening');
    // Whatever was committed while nobody listened sent its NOTIFY into the void: everyone re-reads.
    if (reconnected) this.resyncAll();
  }

  /** LISTEN may succeed and still hear nothing (PGlite, PgBouncer in transaction mode): prove it with a probe. */
  private async probe(client: pg.Client): Promise<boolean> {
    const payload = `${PROBE_PREFIX}${randomUUID()}`;
    let listener: ((message: pg.Notification) => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    const heard = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
      listener = (message) => {
        if (message.channel === REALTIME_CHANNEL && message.payload === payload) resolve(true);
      };
      client.on('notification', listener);
    });
    try {
      await db().$executeRaw`SELECT pg_notify(${REALTIME_CHANNEL}, ${payload})`;
      return await heard;
    } finally {
      clearTimeout(timer);
      if (listener) client.off('notification', listener);
    }
  }

  private startPolling(reason: string): void {
    if (this.mode === 'closed') return;
    log.warn({ reason, everyMs: POLL_MS }, 'realtime: no notifications; subscribers re-read every second');
    this.mode = 'polling';
    this.settleReady('polling');
    this.pollTimer = setInterval(() => this.resyncAll(), POLL_MS);
    this.pollTimer.unref();
  }

  private scheduleReconnect(error?: unknown): void {
    if (this.mode === 'closed') return;
    log.warn({ err: error, retryInMs: this.reconnectDelay }, 'realtime listener disconnected; reconnecting');
    this.mode = 'connecting';
    this.reconnectTimer = setTimeout(() => void this.connect(), this.reconnectDelay);
    this.reconnectTimer.unref();
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
  }

  async close(): Promise<void> {
    this.mode = 'closed';
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pollTimer);
    this.settleReady('polling');
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}

const holder = globalThis as unknown as { vouchieRealtimeHub?: RealtimeHub };

/** The process's one hub (kept on globalThis so dev hot reloads do not open more listening connections). */
export function realtimeHub(): RealtimeHub {
  holder.vouchieRealtimeHub ??= new RealtimeHub(env().DATABASE_URL);
  return holder.vouchieRealtimeHub;
}

/** Whether the event fits one NOTIFY payload (a caller with an optional extra can leave it out when not). */
export function fitsNotify(event: RealtimeEvent): boolean {
  return Buffer.byteLength(JSON.stringify(event)) <= MAX_PAYLOAD;
}

function payloadOf(event: RealtimeEvent): string {
  const payload = JSON.stringify(event);
  if (Buffer.byteLength(payload) > MAX_PAYLOAD) throw new Error(`realtime payload too large for NOTIFY (${event.topic} ${event.kind})`);
  return payload;
}

/**
 * Announces events to every instance. Inside a transaction (`tx`) they go out when it commits, in order; with the
 * plain client (`db()`) at once (typing indicators, which store nothing).
 */
export async function publish(client: Tx | PrismaClient, events: readonly RealtimeEvent[]): Promise<void> {
  if (!events.length) return;
  const payloads = events.map(payloadOf);
  await client.$executeRaw`SELECT pg_notify(${REALTIME_CHANNEL}, p) FROM unnest(${payloads}::text[]) WITH ORDINALITY AS t(p, n) ORDER BY n`;
}
