import type { Prisma } from '@/generated/prisma/client';
import { db, type Tx } from '@/server/db/client';
import type { PrivacyPurpose } from './schemas';

/**
 * The RODO audit log: every export, erasure, retention run, legal hold change and admin view of a person's data,
 * with who (the actor's id; null for the worker), when, what (the action and counts) and why (a purpose code and
 * the admin's case reference). It names nobody but the actor: the person concerned only by id, which after an
 * erasure points at a tombstone. Rows are never updated or deleted by the application.
 */

export const AUDIT_ACTIONS = [
  'person.viewed',
  'export.downloaded',
  'export.queued',
  'export.ready',
  'erasure.dry_run',
  'erasure.started',
  'erasure.completed',
  'erasure.refused',
  'retention.run',
  'retention.policy_changed',
  'legal_hold.placed',
  'legal_hold.released',
  'audit.exported',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditInput {
  actorId: string | null;
  action: AuditAction;
  subjectId?: string | null;
  purpose?: PrivacyPurpose | 'retention' | 'self_service' | null;
  caseRef?: string | null;
  /** Numbers, codes and ids only. */
  details?: Prisma.InputJsonValue;
}

export async function recordAudit(entry: AuditInput, tx: Tx = db()): Promise<void> {
  await tx.privacyAuditEntry.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      subjectId: entry.subjectId ?? null,
      purpose: entry.purpose ?? null,
      caseRef: entry.caseRef ?? null,
      ...(entry.details === undefined ? {} : { details: entry.details }),
    },
  });
}

export interface AuditRow {
  id: string;
  at: Date;
  actor: { id: string; label: string } | null;
  action: string;
  subjectId: string | null;
  purpose: string | null;
  caseRef: string | null;
  details: Prisma.JsonValue;
}

/** Newest first; the actor as their current name (a tombstone if they were erased since), or null for the worker. */
export async function listAudit({ take = 50, before }: { take?: number; before?: Date } = {}): Promise<AuditRow[]> {
  const rows = await db().privacyAuditEntry.findMany({
    where: before ? { at: { lt: before } } : {},
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take,
  });
  const actorIds = [...new Set(rows.flatMap((row) => (row.actorId ? [row.actorId] : [])))];
  const actors = new Map(
    (await db().user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true, email: true } })).map((user) => [
      user.id,
      user.name ?? user.email,
    ]),
  );
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    actor: row.actorId ? { id: row.actorId, label: actors.get(row.actorId) ?? row.actorId } : null,
    action: row.action,
    subjectId: row.subjectId,
    purpose: row.purpose,
    caseRef: row.caseRef,
    details: row.details,
  }));
}

/** The whole log as JSON Lines, oldest first, read in pages so a long log is never held in memory at once. */
export async function* auditLogLines(pageSize = 1000): AsyncGenerator<string> {
  let cursor: { at: Date; id: string } | null = null;
  for (;;) {
    const page: Awaited<ReturnType<ReturnType<typeof db>['privacyAuditEntry']['findMany']>> = await db().privacyAuditEntry.findMany({
      where: cursor ? { OR: [{ at: { gt: cursor.at } }, { at: cursor.at, id: { gt: cursor.id } }] } : {},
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
      take: pageSize,
    });
    for (const row of page) {
      yield `${JSON.stringify({ at: row.at.toISOString(), actorId: row.actorId, action: row.action, subjectId: row.subjectId, purpose: row.purpose, caseRef: row.caseRef, details: row.details })}\n`;
    }
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    cursor = { at: last.at, id: last.id };
  }
}
