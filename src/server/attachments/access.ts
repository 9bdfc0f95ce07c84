import { db } from '@/server/db/client';
import { canViewAttachment, type Principal } from '@/server/auth/policy';

/**
 * Looks an attachment up for a download and says whether the principal may have it; null when it does not
 * exist or may not be seen (callers answer 404 either way).
 */
export async function findViewableAttachment(id: string, principal: Principal, uploadToken?: string | null) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const attachment = await db().attachment.findUnique({
    where: { id },
    include: {
      ticket: { select: { id: true, reporterId: true, companyId: true, reporter: { select: { email: true } } } },
      message: { select: { type: true } },
    },
  });
  if (!attachment) return null;
  const allowed = canViewAttachment(
    principal,
    {
      ticket: attachment.ticket
        ? {
            id: attachment.ticket.id,
            reporterId: attachment.ticket.reporterId,
            companyId: attachment.ticket.companyId,
            reporterEmail: attachment.ticket.reporter.email,
          }
        : null,
      uploadToken: attachment.uploadToken,
      isOnInternalNote: attachment.message?.type === 'NOTE',
    },
    uploadToken,
  );
  return allowed ? attachment : null;
}
