import type { TicketStatus } from '@/server/tickets/status';
import { cn } from '@/lib/cn';

const STYLES: Record<TicketStatus, { badge: string; dot: string }> = {
  NEW: { badge: 'bg-sky-50 text-sky-800 ring-sky-600/20', dot: 'bg-sky-500' },
  OPEN: { badge: 'bg-amber-50 text-amber-800 ring-amber-600/25', dot: 'bg-amber-500' },
  WAITING_ON_CUSTOMER: { badge: 'bg-violet-50 text-violet-800 ring-violet-600/20', dot: 'bg-violet-500' },
  ON_HOLD: { badge: 'bg-slate-100 text-slate-700 ring-slate-500/20', dot: 'bg-slate-400' },
  RESOLVED: { badge: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20', dot: 'bg-emerald-500' },
  CLOSED: { badge: 'bg-slate-100 text-slate-600 ring-slate-400/20', dot: 'bg-slate-400' },
};

/** A ticket's status as a coloured pill; the label carries the meaning, colour only helps scanning. */
export function StatusBadge({ status, label, className }: { status: TicketStatus; label: string; className?: string }) {
  const style = STYLES[status];
  return (
    <span
      data-status={status}
      className={cn('inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset', style.badge, className)}
    >
      <span aria-hidden="true" className={cn('size-1.5 rounded-full', style.dot)} />
      {label}
    </span>
  );
}
