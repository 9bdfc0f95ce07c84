import { z } from 'zod';
import { db } from '@/server/db/client';
import { isUniqueViolation } from '@/server/db/errors';
import { env } from '@/server/env';
import { childLogger } from '@/server/logger';
import { err, ok, type Result } from '@/server/result';
import { emailSchema, LIMITS, safeString } from '@/server/tickets/schemas';

/**
 * The first admin of a real install, where no seed makes staff: `npm run admin:create` (an operator at a shell)
 * and `ADMIN_EMAILS` (addresses that become admins on their first sign-in). After that, admins invite everyone
 * else from /agent/admin/agenci. Every change is logged (`module: admin-bootstrap`).
 */

const audit = childLogger({ module: 'admin-bootstrap' });

export const createAdminSchema = z.object({
  email: emailSchema,
  name: safeString({ error: 'adminTeam.errors.nameRequired' })
    .trim()
    .min(LIMITS.name.min, { error: 'adminTeam.errors.nameTooShort' })
    .max(LIMITS.name.max, { error: 'adminTeam.errors.nameTooLong' })
    .optional(),
});

export type CreateAdminOutcome = 'created' | 'promoted' | 'unchanged';

/**
 * Makes `email` an active admin: creates the account, or promotes (and reactivates) the one that exists, whatever
 * its role. Idempotent: a second run changes nothing and says so. A given name replaces the stored one.
 */
export async function createOrPromoteAdmin(
  input: unknown,
): Promise<Result<{ userId: string; outcome: CreateAdminOutcome }, { kind: 'invalid'; messages: string[] }>> {
  const parsed = createAdminSchema.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', messages: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
  const { email, name } = parsed.data;
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await db().$transaction(async (tx) => {
        const existing = await tx.user.findUnique({ where: { email }, select: { id: true, role: true, active: true, name: true } });
        if (!existing) {
          const user = await tx.user.create({ data: { email, name: name ?? null, role: 'ADMIN' }, select: { id: true } });
          return { userId: user.id, outcome: 'created' as const, from: null };
        }
        const nameChanges = name !== undefined && name !== existing.name;
        if (existing.role === 'ADMIN' && existing.active && !nameChanges) {
          return { userId: existing.id, outcome: 'unchanged' as const, from: existing.role };
        }
        await tx.user.update({ where: { id: existing.id }, data: { role: 'ADMIN', active: true, ...(name ? { name } : {}) } });
        return { userId: existing.id, outcome: 'promoted' as const, from: existing.role };
      });
      if (result.outcome !== 'unchanged') {
        audit.info(
          { action: 'admin:create', targetId: result.userId, email, outcome: result.outcome, from: result.from },
          'admin created from the command line',
        );
      }
      return ok({ userId: result.userId, outcome: result.outcome });
    } catch (error) {
      // Two runs at once: the unique e-mail lets one create; the other finds the row on its second try.
      if (attempt === 0 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

/** Whether `email` (lower-cased, as stored) is listed in ADMIN_EMAILS. */
export function isBootstrapAdminEmail(email: string | null | undefined): boolean {
  return !!email && env().ADMIN_EMAILS.includes(email.toLowerCase());
}

/** No active agent or admin yet: /agent/login tells the operator how to make the first one. */
export async function hasNoActiveStaff(): Promise<boolean> {
  const staff = await db().user.findFirst({ where: { role: { in: ['AGENT', 'ADMIN'] }, active: true }, select: { id: true } });
  return staff === null;
}

/**
 * May this address receive a sign-in link (and redeem it)? An active account we know, or an ADMIN_EMAILS address
 * with no account yet (it is created, as an admin, when the link is redeemed). A deactivated account stays out
 * even if listed: deactivation is an admin's decision that the list must not undo.
 */
export async function maySignIn(email: string): Promise<boolean> {
  const user = await db().user.findUnique({ where: { email: email.toLowerCase() }, select: { active: true } });
  if (user) return user.active;
  return isBootstrapAdminEmail(email);
}

/**
 * Called when a sign-in succeeds: an ADMIN_EMAILS address that has never signed in before becomes an admin. Only
 * the first sign-in counts, so an admin who later demotes that person is not overruled at their next sign-in.
 */
export async function promoteListedAdminOnFirstSignIn(userId: string): Promise<boolean> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { email: true, role: true, lastSignInAt: true } });
  if (!user || user.lastSignInAt !== null || user.role === 'ADMIN' || !isBootstrapAdminEmail(user.email)) return false;
  const updated = await db().user.updateMany({ where: { id: userId, lastSignInAt: null }, data: { role: 'ADMIN' } });
  if (updated.count > 0)
    audit.info({ action: 'ADMIN_EMAILS', targetId: userId, from: user.role }, 'listed address became an admin on first sign-in');
  return updated.count > 0;
}
