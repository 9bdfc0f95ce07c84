'use client';

import { useEffect, useState } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { PhoneCall, PhoneIncoming, X } from 'lucide-react';
import type { CallerCard } from '@/server/phone/cti';

/**
 * The incoming-call pop-up in /agent: listens to /api/agent/calls/events (the `agent-calls` real-time topic) and
 * shows who is calling, their company and plan, and their open tickets, until the call is answered or over.
 */
export function IncomingCall() {
  const t = useTranslations('phone.popup');
  const [calls, setCalls] = useState<CallerCard[]>([]);

  useEffect(() => {
    const source = new EventSource('/api/agent/calls/events');
    const drop = (event: MessageEvent<string>) => {
      const { callId } = JSON.parse(event.data) as { callId: string };
      setCalls((current) => current.filter((call) => call.callId !== callId));
    };
    source.addEventListener('call', (event: MessageEvent<string>) => {
      const card = JSON.parse(event.data) as CallerCard;
      setCalls((current) => [card, ...current.filter((call) => call.callId !== card.callId)].slice(0, 3));
    });
    source.addEventListener('callAnswered', drop);
    source.addEventListener('callEnded', drop);
    return () => source.close();
  }, []);

  if (!calls.length) return null;
  return (
    <aside aria-label={t('label')} className="fixed right-4 bottom-4 z-50 w-[min(24rem,calc(100vw-2rem))] space-y-2">
      {calls.map((call) => (
        <div
          key={call.callId}
          role="status"
          data-testid="incoming-call"
          className="rounded-xl border border-brand-200 bg-white p-4 shadow-lg"
        >
          <div className="flex items-start gap-3">
            <PhoneIncoming aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-brand-700" />
            <div className="min-w-0 flex-1">
              <p className="text-sm font-semibold text-slate-900">{t('title')}</p>
              <p className="mt-0.5 text-sm break-words text-slate-800">
                {call.caller ? (call.caller.name ?? call.caller.email) : t('unknown')} · {call.numberDisplay}
              </p>
              {call.company ? (
                <p className="text-sm text-slate-600">
                  {call.company.name} · {t('plan', { plan: call.company.plan })}
                </p>
              ) : null}
              <Link
                href={`/agent/telefon?zarejestruj=${call.callId}`}
                className="mt-2 inline-flex min-h-11 items-center gap-1.5 text-sm font-semibold text-brand-700 underline-offset-2 hover:underline"
              >
                <PhoneCall aria-hidden="true" className="size-4 shrink-0" />
                {t('log')}
              </Link>
              {call.openTickets.length ? (
                <ul className="mt-2 space-y-1 text-sm">
                  {call.openTickets.map((ticket) => (
                    <li key={ticket.id}>
                      <Link
                        href={`/agent/zgloszenia/${ticket.number}`}
                        className="font-medium text-brand-700 underline-offset-2 hover:underline"
                      >
                        {t('openTicket', { number: ticket.number })}
                      </Link>{' '}
                      <span className="text-slate-600">{ticket.subject}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-2 text-sm text-slate-600">{t('noTickets')}</p>
              )}
            </div>
            <button
              type="button"
              onClick={() => setCalls((current) => current.filter((c) => c.callId !== call.callId))}
              className="-m-2 inline-flex size-11 items-center justify-center rounded-lg text-slate-500 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-700"
            >
              <X aria-hidden="true" className="size-4" />
              <span className="sr-only">{t('dismiss')}</span>
            </button>
          </div>
        </div>
      ))}
    </aside>
  );
}
