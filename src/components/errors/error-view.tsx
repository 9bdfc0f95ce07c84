'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { Gift } from 'lucide-react';

const noSubscription = () => () => undefined;
const readRequestId = () => document.querySelector<HTMLMetaElement>('meta[name="request-id"]')?.content ?? null;

export interface ErrorTexts {
  title: string;
  body: string;
  unavailableTitle: string;
  unavailableBody: string;
  reference: string;
  retry: string;
  home: string;
}

/**
 * The friendly page shown when rendering failed: what happened in plain words, the reference the server logged
 * the error under (the request id, and Next's digest), a retry and a way out. It asks /api/health whether the database answers; if
 * not, it says the service is temporarily unavailable rather than that something broke. (An App Router page
 * cannot change its HTTP status once rendering has started streaming, so the status stays 500; the API routes
 * answer 503 with Retry-After.)
 */
export function ErrorView({ texts, digest, onRetry }: { texts: ErrorTexts; digest?: string; onRetry: () => void }) {
  const [unavailable, setUnavailable] = useState(false);
  // The page's request id (a meta tag the root layout writes), which the server's log lines carry; with Next's
  // digest, which the "request failed" log line pairs with it.
  const requestId = useSyncExternalStore(noSubscription, readRequestId, () => null);
  const reference = [requestId, digest].filter(Boolean).join(' / ');
  useEffect(() => {
    const controller = new AbortController();
    fetch('/api/health', { cache: 'no-store', signal: controller.signal }).then(
      (response) => setUnavailable(response.status === 503),
      () => undefined,
    );
    return () => controller.abort();
  }, []);
  return (
    <main id="main" className="flex min-h-dvh flex-col items-center justify-center px-4 py-16 text-center">
      <span aria-hidden="true" className="flex size-11 items-center justify-center rounded-xl bg-brand-600 text-white shadow-sm">
        <Gift className="size-5.5" strokeWidth={2.25} />
      </span>
      <h1 className="mt-8 text-2xl font-bold tracking-tight text-balance text-slate-900 sm:text-3xl">
        {unavailable ? texts.unavailableTitle : texts.title}
      </h1>
      <p className="mt-3 max-w-md text-base leading-relaxed text-slate-600">{unavailable ? texts.unavailableBody : texts.body}</p>
      {reference ? (
        <p className="mt-4 font-mono text-sm break-all text-slate-500" data-testid="error-reference">
          {texts.reference.replace('{id}', reference)}
        </p>
      ) : null}
      <div className="mt-8 flex w-full max-w-xs flex-col gap-3 sm:w-auto sm:max-w-none sm:flex-row">
        <button
          type="button"
          onClick={onRetry}
          className="inline-flex h-11 items-center justify-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white shadow-xs hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
        >
          {texts.retry}
        </button>
        {/* A plain link: after a failed render the client router may be in no state to navigate. */}
        <a
          href="/pomoc/kontakt"
          className="inline-flex h-11 items-center justify-center rounded-lg border border-slate-300 bg-white px-4 text-sm font-semibold text-slate-800 shadow-xs hover:bg-slate-50"
        >
          {texts.home}
        </a>
      </div>
    </main>
  );
}
