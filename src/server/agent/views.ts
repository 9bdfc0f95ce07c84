import { z } from 'zod';
import { Channel, Plan, TicketCategory, TicketPriority, TicketStatus } from '@/generated/prisma/enums';
import { AGENT_PATHS } from '@/server/links';

/**
 * The agent queue's URL: one schema read by the page (from searchParams) and by the domain (listQueue), so a
 * shared link, the back button and the server all agree on what a query means. Unknown or malformed values are
 * dropped rather than rejected: a stale bookmark still opens a queue.
 */

export const QUEUE_VIEWS = ['mine', 'unassigned', 'waiting', 'sla', 'all'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

export const QUEUE_SORTS = ['activity', 'created', 'priority', 'sla'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export const QUEUE_PAGE_SIZE = 50;

/** Live counts stop at this many: beyond it the view says "ponad 1 000", and the count stays an index walk of bounded length (measured: docs/architecture.md). */
export const QUEUE_COUNT_CAP = 1_000;

function listOf<T extends string>(values: readonly T[]) {
  const allowed = new Set<string>(values);
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((raw): T[] => {
      const items = raw === undefined ? [] : (Array.isArray(raw) ? raw : [raw]).flatMap((v) => v.split(','));
      return [...new Set(items.filter((v): v is T => allowed.has(v)))];
    });
}

/** The assignee filter's values: 'me', 'none' and user ids, deduplicated, anything else dropped. */
const assigneeList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((raw): string[] => {
    const items = raw === undefined ? [] : (Array.isArray(raw) ? raw : [raw]).flatMap((v) => v.split(','));
    return [...new Set(items.filter((v) => v === 'me' || v === 'none' || z.uuid().safeParse(v).success))];
  });

const firstOf = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((raw) => (Array.isArray(raw) ? raw[0] : raw));
const optionalText = (max: number) =>
  firstOf.transform((v) => {
    const trimmed = v?.trim();
    // U+0000 cannot reach Postgres text: a link carrying one is treated like any other unusable value.
    return trimmed && trimmed.length <= max && !trimmed.includes('\u0000') ? trimmed : undefined;
  });
/** Years Postgres and people both mean: year 0000 does not exist in Postgres, and made the page fail. */
const optionalDate = firstOf.transform((v) => (v && z.iso.date().safeParse(v).success && v >= '2000-01-01' ? v : undefined));

export const queueQuerySchema = z.object({
  view: firstOf.transform((v): QueueView => ((QUEUE_VIEWS as readonly string[]).includes(v ?? '') ? (v as QueueView) : 'all')),
  status: listOf(Object.values(TicketStatus)),
  priority: listOf(Object.values(TicketPriority)),
  category: listOf(Object.values(TicketCategory)),
  plan: listOf(Object.values(Plan)),
  channel: listOf(Object.values(Channel)),
  /** Any of: 'me', 'none' (unassigned), staff users' ids. */
  assignee: assigneeList,
  tag: optionalText(60),
  from: optionalDate,
  to: optionalDate,
  q: optionalText(200),
  sort: firstOf.transform((v): QueueSort => ((QUEUE_SORTS as readonly string[]).includes(v ?? '') ? (v as QueueSort) : 'activity')),
  cursor: optionalText(600),
});

export type QueueQuery = z.output<typeof queueQuerySchema>;

export function parseQueueQuery(params: Record<string, string | string[] | undefined> | URLSearchParams): QueueQuery {
  const record: Record<string, string | string[]> = {};
  if (params instanceof URLSearchParams) {
    for (const key of new Set(params.keys())) record[key] = params.getAll(key);
  } else {
    for (const [key, value] of Object.entries(params)) if (value !== undefined) record[key] = value;
  }
  return queueQuerySchema.parse(record);
}

/** The canonical query string for a queue (defaults left out), for links: view tabs, pagination, sorting. */
export function queueHref(query: Partial<QueueQuery>, base: string = AGENT_PATHS.queue): string {
  const params = new URLSearchParams();
  if (query.view && query.view !== 'all') params.set('view', query.view);
  for (const key of ['status', 'priority', 'category', 'plan', 'channel', 'assignee'] as const)
    for (const v of query[key] ?? []) params.append(key, v);
  for (const key of ['tag', 'from', 'to', 'q'] as const) {
    const v = query[key];
    if (v) params.set(key, v);
  }
  if (query.sort && query.sort !== 'activity') params.set('sort', query.sort);
  if (query.cursor) params.set('cursor', query.cursor);
  // A bare /agent opens the agent's home view (home-view.ts): "Wszystkie" with nothing else says so in the URL.
  if (query.view === 'all' && params.size === 0) params.set('view', 'all');
  const search = params.toString();
  return search ? `${base}?${search}` : base;
}
