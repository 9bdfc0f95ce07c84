'use client';

import { useEffect, useSyncExternalStore } from 'react';

/**
 * Whether this tab's composer holds an unsent draft, per ticket: the composer reports it, the presence indicator
 * reads it (to tell colleagues "pisze odpowiedź"). A tiny store rather than a context, so the page needs no
 * provider around the header and the composer, which sit far apart.
 */
const drafts = new Set<string>();
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setDraft(ticketNumber: string, hasDraft: boolean): void {
  if (drafts.has(ticketNumber) === hasDraft) return;
  if (hasDraft) drafts.add(ticketNumber);
  else drafts.delete(ticketNumber);
  for (const listener of listeners) listener();
}

/** Called by the composer on every render; clears the flag when the composer goes away. */
export function useReportDraft(ticketNumber: string, hasDraft: boolean): void {
  useEffect(() => {
    setDraft(ticketNumber, hasDraft);
  }, [ticketNumber, hasDraft]);
  useEffect(() => () => setDraft(ticketNumber, false), [ticketNumber]);
}

export function useHasDraft(ticketNumber: string): boolean {
  return useSyncExternalStore(
    subscribe,
    () => drafts.has(ticketNumber),
    () => false,
  );
}
