import type { OutboundEmailStatus } from '@/generated/prisma/enums';
import { cn } from '@/lib/cn';

const STYLES: Record<OutboundEmailStatus, { badge: string; dot: string }> = {
  PENDING: { badge: 'bg-sky-50 text-sky-800 ring-sky-600/20', dot: 'bg-sky-500' },
  SENT: { badge: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20', dot: 'bg-emerald-500' },
  CAPTURED: { badge: 'bg-brand-50 text-brand-800 ring-brand-600/20', dot: 'bg-brand-500' },
  FAILED: { badge: 'bg-red-50 text-red-800 ring-red-600/20', dot: 'bg-red-500' },
  SUPPRESSED: { badge: 'bg-amber-50 text-amber-800 ring-amber-600/25', dot: 'bg-amber-500' },
};

/** An outbound e-mail's delivery state as a pill; the label carries the meaning, colour only helps scanning. */
export function OutboxStatusBadge({ status, label, className }: { status: OutboundEmailStatus; label: string; className?: string }) {
  const style = STYLES[status];
  return (
    <span
      data-status={status}
      data-testid="outbox-status"
      className={cn(
        'inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset',
        style.badge,
        className,
      )}
    >
      <span aria-hidden="true" className={cn('size-1.5 rounded-full', style.dot)} />
      {label}
    </span>
  );
}
