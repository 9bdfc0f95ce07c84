'use client';

import { useEffect } from 'react';
import type { QueueView } from '@/server/agent/views';

/** Tells the server which view the agent is looking at, so /agent opens there next time (home-view.ts). */
export function RememberQueueView({ view, remember }: { view: QueueView; remember: (view: QueueView) => Promise<void> }) {
  useEffect(() => {
    if (view === 'mine' || view === 'unassigned') void remember(view).catch(() => undefined);
  }, [view, remember]);
  return null;
}
