import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { absoluteUrl, AGENT_PATHS } from '@/server/links';
import { enqueueEmail } from '@/server/mail/outbound/outbox';
import { EMAIL_TEMPLATES, renderStaffDigest } from '@/server/mail/outbound/templates';
import { toLocale } from '@/i18n/config';
import { agentTicketUrl } from './notify-agents';
import { formatTicketNumber } from './numbering';

/**
 * The worker's digest job: each agent who chose the digest and has notifications waiting since at least
 * DIGEST_INTERVAL_MINUTES gets them in one e-mail, and they are deleted in the same transaction (so a digest is
 * written once, and an item is never in two). Safe with several workers: the items are locked with SKIP LOCKED.
 * Returns how many digests were written.
 */
export async function sendStaffDigests(now = new Date()): Promise<number> {
  const due = new Date(now.getTime() - env().DIGEST_INTERVAL_MINUTES * 60_000);
  const waiting = await db().staffDigestItem.groupBy({ by: ['userId'], where: { createdAt: { lte: due } } });
  let sent = 0;
  for (const { userId } of waiting) {
    const written = await db().$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "StaffDigestItem" WHERE "userId" = ${userId}::uuid ORDER BY "createdAt" FOR UPDATE SKIP LOCKED`;
      if (!locked.length) return false;
      const ids = locked.map((row) => row.id);
      const [items, agent] = await Promise.all([
        tx.staffDigestItem.findMany({
          where: { id: { in: ids } },
          orderBy: { createdAt: 'asc' },
          select: { summary: true, createdAt: true, ticket: { select: { number: true } } },
        }),
        tx.user.findUnique({ where: { id: userId }, select: { email: true, name: true, locale: true, active: true } }),
      ]);
      await tx.staffDigestItem.deleteMany({ where: { id: { in: ids } } });
      if (!agent?.active || !items.length) return false;
      const mail = renderStaffDigest({
        locale: toLocale(agent.locale),
        recipientName: agent.name,
        items: items.map((item) => ({
          ticketNumber: formatTicketNumber(item.ticket.number),
          summary: item.summary,
          at: item.createdAt,
          ticketUrl: agentTicketUrl(item.ticket.number),
        })),
        queueUrl: absoluteUrl(env().APP_URL, AGENT_PATHS.queue),
      });
      await enqueueEmail(tx, { template: EMAIL_TEMPLATES.staffDigest, to: { email: agent.email, name: agent.name }, ...mail });
      return true;
    });
    if (written) sent++;
  }
  return sent;
}
