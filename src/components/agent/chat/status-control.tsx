'use client';

import { useTranslations } from 'next-intl';
import { cn } from '@/lib/cn';
import type { AgentChatStatus } from './types';

const STATUSES: readonly AgentChatStatus[] = ['ONLINE', 'AWAY', 'OFFLINE'];

const DOT: Record<AgentChatStatus, string> = {
  ONLINE: 'bg-emerald-500',
  AWAY: 'bg-amber-500',
  OFFLINE: 'bg-slate-400',
};

/**
 * Dostępny / Zaraz wracam / Niedostępny as a radio group (arrow keys move between them, like every radio
 * group), with the capacity beside it: how many chats are open out of how many the agent takes.
 */
export function StatusControl({
  status,
  capacity,
  active,
  pending,
  onChange,
}: {
  status: AgentChatStatus;
  capacity: number;
  active: number;
  pending: boolean;
  onChange: (next: AgentChatStatus) => void;
}) {
  const t = useTranslations('agentChat.status');
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
      <fieldset className="min-w-0" disabled={pending}>
        <legend className="sr-only">{t('label')}</legend>
        <div className="inline-flex rounded-lg border border-slate-200 bg-slate-100 p-0.5" data-testid="chat-status">
          {STATUSES.map((value) => (
            <label
              key={value}
              className={cn(
                'relative inline-flex h-10 cursor-pointer items-center gap-1.5 rounded-md px-3 text-sm font-medium has-focus-visible:outline-2 has-focus-visible:outline-brand-600 sm:h-9',
                status === value ? 'bg-white text-slate-900 shadow-xs ring-1 ring-slate-200' : 'text-slate-600 hover:text-slate-900',
              )}
            >
              <input
                type="radio"
                name="chat-status"
                value={value}
                checked={status === value}
                onChange={() => onChange(value)}
                className="sr-only"
              />
              <span aria-hidden="true" className={cn('size-2 rounded-full', DOT[value])} />
              {t(value)}
            </label>
          ))}
        </div>
      </fieldset>
      <p className="text-sm text-slate-600" data-testid="chat-capacity">
        {t('capacity', { active, capacity })}
      </p>
    </div>
  );
}
