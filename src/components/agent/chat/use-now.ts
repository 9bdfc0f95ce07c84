'use client';

import { useSyncExternalStore } from 'react';

/** "Now", ticking once a second while a page shows live wait times; one shared timer for every reader. */
let now = Date.now();
const readers = new Set<() => void>();
let timer: number | undefined;

function subscribe(listener: () => void) {
  readers.add(listener);
  timer ??= window.setInterval(() => {
    now = Date.now();
    for (const reader of readers) reader();
  }, 1000);
  return () => {
    readers.delete(listener);
    if (!readers.size) {
      window.clearInterval(timer);
      timer = undefined;
    }
  };
}

export function useNow(): number | null {
  return useSyncExternalStore(
    subscribe,
    () => now,
    () => null,
  );
}

/** A wait as the inbox shows it: "0:42", "12:05", "1:02:10". */
export function formatWait(fromIso: string, nowMs: number): string {
  const seconds = Math.max(0, Math.floor((nowMs - new Date(fromIso).getTime()) / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** Orders message sequence numbers (bigints sent as strings) without parsing them. */
export function compareSeq(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
