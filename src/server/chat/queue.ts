import type { PrismaClient } from '@/generated/prisma/client';
import { db, type Tx } from '@/server/db/client';
import { env } from '@/server/env';
import { publish } from '@/server/realtime/hub';
import { chatEvents } from './events';
import type { QueueFacts } from './views';

/**
 * The queue: who is online with room, where a waiting chat stands, an honest estimate of the wait, and the
 * round-robin offer of waiting chats to online agents with room.
 *
 * "Online" = status ONLINE and the agent's chat stream beat within AGENT_SEEN_TTL_MS (a closed laptop stops
 * beating, so its chats are not offered to a ghost). "Room" = capacity − active chats − offers in flight.
 */

export const AGENT_SEEN_TTL_MS = 75_000;
/** How far back the wait estimate looks, and how many recent chats it takes. */
const HISTORY_DAYS = 14;
const HISTORY_CHATS = 50;
const HISTORY_CACHE_MS = 30_000;

type Client = Tx | PrismaClient;

export interface SeatFacts {
  /** Agents online now. */
  online: number;
  /** Sum of capacities of the agents online. */
  seats: number;
  /** Seats not taken by an active chat. */
  free: number;
  /** Chats waiting in the queue. */
  waiting: number;
}

export function seenSince(now: Date): Date {
  return new Date(now.getTime() - AGENT_SEEN_TTL_MS);
}

export async function seatFacts(client: Client = db(), now = new Date()): Promise<SeatFacts> {
  const [row] = await client.$queryRaw<{ online: number; seats: number; free: number; waiting: number }[]>`
    SELECT count(u."id")::int AS "online",
           coalesce(sum(u."chatCapacity"), 0)::int AS "seats",
           coalesce(sum(greatest(u."chatCapacity" - a."active", 0)), 0)::int AS "free",
           (SELECT count(*)::int FROM "ChatSession" w WHERE w."status" = 'WAITING') AS "waiting"
    FROM (SELECT 1) AS one
    LEFT JOIN "User" u ON u."role" IN ('AGENT', 'ADMIN') AND u."active" AND u."chatStatus" = 'ONLINE'
                      AND u."chatSeenAt" > ${seenSince(now)}
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS "active" FROM "ChatSession" c WHERE c."agentId" = u."id" AND c."status" = 'ACTIVE'
    ) a ON true`;
  return row ?? { online: 0, seats: 0, free: 0, waiting: 0 };
}

interface History {
  /** Median seconds from start to an agent taking the chat, over recent chats; null without any. */
  waitSeconds: number | null;
  /** Median seconds an agent spends on a chat. */
  durationSeconds: number | null;
  at: number;
}

let history: History | undefined;

async function recentHistory(client: Client, now: Date): Promise<History> {
  if (history && now.getTime() - history.at < HISTORY_CACHE_MS && now.getTime() >= history.at) return history;
  const since = new Date(now.getTime() - HISTORY_DAYS * 86_400_000);
  const [row] = await client.$queryRaw<{ wait: number | null; duration: number | null }[]>`
    SELECT
      (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s)
         FROM (SELECT extract(epoch FROM c."acceptedAt" - c."startedAt") AS s FROM "ChatSession" c
               WHERE c."acceptedAt" IS NOT NULL AND c."startedAt" > ${since}
               ORDER BY c."startedAt" DESC LIMIT ${HISTORY_CHATS}) w) AS "wait",
      (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s)
         FROM (SELECT extract(epoch FROM c."endedAt" - c."acceptedAt") AS s FROM "ChatSession" c
               WHERE c."acceptedAt" IS NOT NULL AND c."endedAt" IS NOT NULL AND c."startedAt" > ${since}
               ORDER BY c."startedAt" DESC LIMIT ${HISTORY_CHATS}) d) AS "duration"`;
  history = {
    waitSeconds: row?.wait === null || row?.wait === undefined ? null : Number(row.wait),
    durationSeconds: row?.duration === null || row?.duration === undefined ? null : Number(row.duration),
    at: now.getTime(),
  };
  return history;
}

/** Forget the cached history (tests that build their own). */
export function forgetQueueHistory(): void {
  history = undefined;
}

/**
 * An estimate only from what really happened: the recent median wait while someone has a free seat for this
 * position, plus a median chat length for every round of seats ahead of it. No history → null ("we don't know").
 */
export function estimateWaitSeconds(
  position: number,
  seats: SeatFacts,
  past: Pick<History, 'waitSeconds' | 'durationSeconds'>,
): number | null {
  if (past.waitSeconds === null) return null;
  if (position <= seats.free) return Math.round(past.waitSeconds);
  if (past.durationSeconds === null || seats.seats === 0) return null;
  const rounds = Math.ceil((position - seats.free) / seats.seats);
  return Math.round(past.waitSeconds + rounds * past.durationSeconds);
}

/** Where a waiting chat stands (1 = next) and how long it will likely wait. */
export async function queueFactsFor(
  chat: { id: string; status: string; startedAt: Date },
  client: Client = db(),
  now = new Date(),
): Promise<QueueFacts> {
  if (chat.status !== 'WAITING') return { position: null, estimatedWaitSeconds: null };
  const [row] = await client.$queryRaw<{ position: number }[]>`
    SELECT count(*)::int AS "position" FROM "ChatSession" c
    WHERE c."status" = 'WAITING' AND (c."startedAt", c."id") <= (${chat.startedAt}, ${chat.id}::uuid)`;
  const position = Math.max(1, row?.position ?? 1);
  const [seats, past] = await Promise.all([seatFacts(client, now), recentHistory(client, now)]);
  return { position, estimatedWaitSeconds: estimateWaitSeconds(position, seats, past) };
}

/** For the availability answer: the wait a chat started now would have. */
export async function waitForNewChat(seats: SeatFacts, client: Client = db(), now = new Date()): Promise<number | null> {
  return estimateWaitSeconds(seats.waiting + 1, seats, await recentHistory(client, now));
}

function offerLive(now: Date): Date {
  return new Date(now.getTime() - env().CHAT_OFFER_SECONDS * 1000);
}

/**
 * Offers the chat to the online agent with room who was offered a chat least recently (round-robin), skipping
 * those who declined it. Inside the caller's transaction, which must hold the chat's row lock. Returns the agent.
 */
async function offerOne(tx: Tx, chat: { id: string; declinedBy: string[] }, now: Date): Promise<string | null> {
  const live = offerLive(now);
  const declined = chat.declinedBy.length ? chat.declinedBy : ['00000000-0000-0000-0000-000000000000'];
  const [agent] = await tx.$queryRaw<{ id: string }[]>`
    SELECT u."id" FROM "User" u
    WHERE u."role" IN ('AGENT', 'ADMIN') AND u."active" AND u."chatStatus" = 'ONLINE' AND u."chatSeenAt" > ${seenSince(now)}
      AND u."id" <> ALL(${declined}::uuid[])
      AND (SELECT count(*) FROM "ChatSession" c
           WHERE (c."agentId" = u."id" AND c."status" = 'ACTIVE')
              OR (c."offeredToId" = u."id" AND c."status" = 'WAITING' AND c."offeredAt" > ${live})) < u."chatCapacity"
    ORDER BY u."chatLastOfferedAt" ASC NULLS FIRST, u."id"
    LIMIT 1
    FOR UPDATE OF u SKIP LOCKED`;
  if (!agent) return null;
  await tx.chatSession.update({ where: { id: chat.id }, data: { offeredToId: agent.id, offeredAt: now } });
  await tx.user.update({ where: { id: agent.id }, data: { chatLastOfferedAt: now } });
  await publish(tx, [chatEvents.offer(agent.id, chat.id), chatEvents.inbox()]);
  return agent.id;
}

/**
 * Offers every waiting chat without a live offer, oldest first, while agents have room. Called after a chat
 * starts, an agent comes online, a chat ends or is declined, and by the worker (lapsed offers). Each chat in its
 * own short transaction; a chat another instance is offering right now is skipped (SKIP LOCKED).
 */
export async function offerWaitingChats(now = new Date()): Promise<number> {
  const live = offerLive(now);
  const candidates = await db().chatSession.findMany({
    where: { status: 'WAITING', OR: [{ offeredToId: null }, { offeredAt: null }, { offeredAt: { lte: live } }] },
    orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
    select: { id: true },
    take: 100,
  });
  let offered = 0;
  for (const candidate of candidates) {
    const outcome = await db().$transaction(async (tx) => {
      const [chat] = await tx.$queryRaw<
        { id: string; status: string; offeredToId: string | null; offeredAt: Date | null; declinedBy: string[] }[]
      >`
        SELECT c."id", c."status"::text, c."offeredToId", c."offeredAt", c."declinedBy"::text[] AS "declinedBy"
        FROM "ChatSession" c WHERE c."id" = ${candidate.id}::uuid FOR NO KEY UPDATE SKIP LOCKED`;
      if (!chat || chat.status !== 'WAITING') return 'skip' as const;
      if (chat.offeredToId && chat.offeredAt && chat.offeredAt > live) return 'skip' as const;
      const lapsedTo = chat.offeredToId;
      if (lapsedTo) {
        // A lapsed offer: not a decline (a lone agent may get it again), but the agent's list must drop it.
        await tx.chatSession.update({ where: { id: chat.id }, data: { offeredToId: null, offeredAt: null } });
        await publish(tx, [chatEvents.inbox()]);
      }
      const agentId = await offerOne(tx, { id: chat.id, declinedBy: chat.declinedBy ?? [] }, now);
      return agentId ? ('offered' as const) : ('none' as const);
    });
    if (outcome === 'offered') offered++;
    // Nobody has room for this one: nobody has room for the younger ones either.
    if (outcome === 'none') break;
  }
  return offered;
}
