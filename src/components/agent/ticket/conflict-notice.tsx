'use client';

import { useTranslations } from 'next-intl';
import { TriangleAlert, X } from 'lucide-react';
import type { TicketSnapshot } from '@/server/tickets/agent-actions';

/** What the server answers when the ticket changed since the page was rendered: its current values and who changed it. */
export type TicketConflict = { current: TicketSnapshot; message: string };

/** "Ewa zmieniła to zgłoszenie w międzyczasie": shown where the agent's change was refused; their draft stays. */
export function ConflictNotice({ message, onDismiss }: { message: string; onDismiss: () => void }) {
  const t = useTranslations('agent.ticket.conflict');
  return (
    <div
      role="alert"
      data-testid="conflict-notice"
      className="flex items-start gap-3 rounded-lg bg-amber-50 px-3.5 py-3 text-sm text-amber-950 ring-1 ring-amber-300"
    >
      <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-amber-600" />
      <div className="min-w-0 flex-1">
        <p className="font-semibold">{message}</p>
        <p className="mt-0.5 text-amber-900">{t('body')}</p>
      </div>
      <button
        type="button"
        onClick={onDismiss}
        aria-label={t('dismiss')}
        className="-m-1.5 flex size-8 shrink-0 items-center justify-center rounded-md text-amber-700 hover:bg-amber-100"
      >
        <X aria-hidden="true" className="size-4" />
      </button>
    </div>
  );
}
