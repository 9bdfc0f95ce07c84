import { useTranslations } from 'next-intl';
import type { TicketStatus } from '@/server/tickets/status';
import { cn } from '@/lib/cn';

/**
 * A ticket's status, the same everywhere (agent queue, agent ticket page, customer portal): the label from the
 * catalogue (`ticket.status.*`) carries the meaning, the colour only helps scanning. Text on background is 6.8:1
 * or more for every status (WCAG AA asks 4.5:1 for small text).
 */
const STATUS_PILL_STYLES: Record<TicketStatus, { pill: string; dot: string }> = {
  NEW: { pill: 'bg-sky-50 text-sky-800 ring-sky-600/20', dot: 'bg-sky-500' },
  OPEN: { pill: 'bg-amber-50 text-amber-800 ring-amber-600/25', dot: 'bg-amber-500' },
  WAITING_ON_CUSTOMER: { pill: 'bg-violet-50 text-violet-800 ring-violet-600/20', dot: 'bg-violet-500' },
  ON_HOLD: { pill: 'bg-slate-100 text-slate-700 ring-slate-500/20', dot: 'bg-slate-400' },
  RESOLVED: { pill: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20', dot: 'bg-emerald-500' },
  CLOSED: { pill: 'bg-slate-100 text-slate-600 ring-slate-400/20', dot: 'bg-slate-400' },
};

/**
 * `audience="customer"` shows the customer-facing names (`ticket.customerStatus.*`): internal states such as
 * "Wstrzymane" read "W toku" to the customer, "Czeka na klienta" reads "Czeka na Twoją odpowiedź".
 */
export function StatusPill({
  status,
  audience = 'staff',
  compact = false,
  className,
}: {
  status: TicketStatus;
  audience?: 'staff' | 'customer';
  /** Smaller type and padding, for a pill inside a dense row. */
  compact?: boolean;
  className?: string;
}) {
  const t = useTranslations(audience === 'customer' ? 'ticket.customerStatus' : 'ticket.status');
  const style = STATUS_PILL_STYLES[status];
  return (
    <span
      data-status={status}
      className={cn(
        'inline-flex items-center gap-1.5 rounded-full py-0.5 font-medium whitespace-nowrap ring-1 ring-inset',
        compact ? 'px-1.5 text-[11px]' : 'px-2.5 text-xs',
        style.pill,
        className,
      )}
    >
      <span aria-hidden="true" className={cn('size-1.5 rounded-full', style.dot)} />
      {t(status)}
    </span>
  );
}
