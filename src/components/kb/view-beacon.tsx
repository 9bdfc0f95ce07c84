'use client';

import { useEffect, useRef } from 'react';

/** Counts one view of the article (and, from a contact-form suggestion, its opening) once the page is shown. */
export function ViewBeacon({ slug }: { slug: string }) {
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    void fetch('/api/kb/views', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ slug }),
      keepalive: true,
    }).catch(() => undefined);
  }, [slug]);
  return null;
}
