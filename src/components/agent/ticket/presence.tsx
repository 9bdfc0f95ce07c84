'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { Eye, PenLine } from 'lucide-react';
import { PRESENCE_HEARTBEAT_MS, type PresenceHeartbeatInput, type TicketViewer } from '@/server/agent/presence-input';
import { cn } from '@/lib/cn';
import { useHasDraft } from './draft-state';

// White initials need at least 4.5:1 against the tone (WCAG AA), hence the 700 shades.
const AVATAR_TONES = ['bg-sky-700', 'bg-violet-600', 'bg-emerald-700', 'bg-amber-700', 'bg-rose-700', 'bg-teal-700'];

function avatarTone(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return AVATAR_TONES[hash % AVATAR_TONES.length]!;
}

function initials(viewer: TicketViewer): string {
  const words = (viewer.name ?? viewer.email).split(/[\s@.]+/).filter(Boolean);
  return words
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

const MAX_AVATARS = 3;

/**
 * "Marek Jankowski też przegląda to zgłoszenie": while this tab is visible it beats every PRESENCE_HEARTBEAT_MS
 * (at once when it becomes visible again, or when the draft starts or empties), each beat answering who else
 * is here; on leaving the page it says goodbye so the others stop showing this agent. Renders nothing visible
 * when the agent is alone; the live region stays so a colleague arriving is announced.
 */
export function TicketPresence({ ticketNumber, className }: { ticketNumber: string; className?: string }) {
  const t = useTranslations('agentPresence');
  const format = useFormatter();
  const composing = useHasDraft(ticketNumber);
  const [viewers, setViewers] = useState<TicketViewer[]>([]);
  const composingRef = useRef(composing);
  const url = `/api/agent/tickets/${encodeURIComponent(ticketNumber)}/presence`;

  const beat = useCallback(async () => {
    const input: PresenceHeartbeatInput = { composing: composingRef.current };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
        cache: 'no-store',
      });
      if (!response.ok) return;
      const body = (await response.json()) as { viewers: TicketViewer[] };
      setViewers(body.viewers);
    } catch {
      // Offline or the server restarting: the next beat tries again, and the last known list stays meanwhile.
    }
  }, [url]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void beat();
        schedule();
      }, PRESENCE_HEARTBEAT_MS);
    };
    const resume = () => {
      void beat();
      schedule();
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') resume();
      else clearTimeout(timer);
    };
    // keepalive lets the goodbye outlive the page; a same-origin fetch carries the session cookie.
    const goodbye = () => void fetch(url, { method: 'DELETE', keepalive: true }).catch(() => undefined);
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) resume();
    };
    if (document.visibilityState === 'visible') resume();
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', goodbye);
    window.addEventListener('pageshow', onPageShow);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', goodbye);
      window.removeEventListener('pageshow', onPageShow);
      // Leaving for another page inside the app unmounts without a pagehide.
      goodbye();
    };
  }, [beat, url]);

  // Starting or clearing a draft is news worth telling at once, not at the next beat.
  useEffect(() => {
    if (composingRef.current === composing) return;
    composingRef.current = composing;
    if (document.visibilityState === 'visible') void beat();
  }, [composing, beat]);

  const name = (viewer: TicketViewer) => viewer.name ?? viewer.email;
  const writers = viewers.filter((v) => v.composing);
  const watchers = viewers.filter((v) => !v.composing);

  return (
    <div aria-live="polite" data-testid="ticket-presence" className={viewers.length > 0 ? cn('min-w-0', className) : undefined}>
      {viewers.length > 0 ? (
        <div className="flex min-w-0 items-center gap-2.5 rounded-full bg-slate-50 py-1 pr-3 pl-1 ring-1 ring-slate-200">
          <ul className="flex shrink-0 -space-x-2" aria-hidden="true">
            {viewers.slice(0, MAX_AVATARS).map((viewer) => (
              <li
                key={viewer.userId}
                title={name(viewer)}
                className={cn(
                  'relative grid size-7 place-items-center rounded-full text-[0.6875rem] font-semibold text-white ring-2 ring-white',
                  avatarTone(viewer.userId),
                )}
              >
                {initials(viewer)}
                {viewer.composing ? (
                  <span className="absolute -right-1 -bottom-1 grid size-3.5 place-items-center rounded-full bg-white text-brand-700 ring-1 ring-slate-200">
                    <PenLine className="size-2.5" />
                  </span>
                ) : null}
              </li>
            ))}
            {viewers.length > MAX_AVATARS ? (
              <li className="grid size-7 place-items-center rounded-full bg-slate-200 text-[0.6875rem] font-semibold text-slate-700 ring-2 ring-white">
                {t('more', { count: viewers.length - MAX_AVATARS })}
              </li>
            ) : null}
          </ul>
          <p className="min-w-0 text-sm leading-snug text-slate-700">
            {writers.length > 0 ? (
              <span className="flex items-center gap-1.5 font-medium text-brand-800" data-testid="presence-composing">
                <PenLine aria-hidden="true" className="size-3.5 shrink-0 animate-pulse" />
                {t('composing', { names: format.list(writers.map(name), { type: 'conjunction' }), count: writers.length })}
              </span>
            ) : null}
            {watchers.length > 0 ? (
              <span className="flex items-center gap-1.5" data-testid="presence-viewing">
                <Eye aria-hidden="true" className="size-3.5 shrink-0 text-slate-500" />
                {t('viewing', { names: format.list(watchers.map(name), { type: 'conjunction' }), count: watchers.length })}
              </span>
            ) : null}
          </p>
        </div>
      ) : null}
    </div>
  );
}
