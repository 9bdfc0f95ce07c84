'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { ComposerLimits } from './chat-composer';
import { CloseButton } from './conversation-view';
import { CustomerChat } from './customer-chat';

/** Messages between public/widget.js on the host page and this page: `{ source: 'vouchie-chat', type, … }`. */
const SOURCE = 'vouchie-chat';
const SSO_TIMEOUT_MS = 15_000;

type HostMessage =
  | { source: typeof SOURCE; type: 'sso-token'; id: string; token: string }
  | { source: typeof SOURCE; type: 'sso-error'; id: string }
  | { source: typeof SOURCE; type: 'opened' };

function isHostMessage(data: unknown): data is HostMessage {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { source?: unknown }).source === SOURCE &&
    typeof (data as { type?: unknown }).type === 'string'
  );
}

/**
 * The widget's page: the chat filling the iframe, a close button that asks the host page to hide it, and the SSO
 * hand-over. Only the host window itself (window.parent), from a listed origin, is listened to.
 */
export function WidgetApp({
  sso,
  hostOrigins,
  limits,
  chatPlans,
  pageUrl,
  storageScope,
}: {
  sso: boolean;
  storageScope: string;
  hostOrigins: string[];
  limits: ComposerLimits;
  chatPlans: string;
  pageUrl?: string;
}) {
  const t = useTranslations('chat.widget');
  const [framed, setFramed] = useState(false);
  const hostOrigin = useRef<string | null>(null);
  const waiting = useRef(new Map<string, { resolve: (token: string) => void; reject: (error: Error) => void }>());

  /**
   * The host page's origin, if it is a listed one (frame-ancestors already refused every other site). Read lazily:
   * the chat below asks for an SSO token in its own first effect, before this component's effects run.
   */
  const host = useCallback((): string | null => {
    if (hostOrigin.current === null && window.parent !== window) {
      const ancestor = window.location.ancestorOrigins?.[0] ?? (document.referrer ? new URL(document.referrer).origin : null);
      hostOrigin.current = ancestor && hostOrigins.includes(ancestor) ? ancestor : null;
    }
    return hostOrigin.current;
  }, [hostOrigins]);

  const post = useCallback(
    (message: Record<string, unknown>) => {
      const origin = host();
      if (origin) window.parent.postMessage({ source: SOURCE, ...message }, origin);
    },
    [host],
  );

  useEffect(() => {
    if (!host()) return;
    queueMicrotask(() => setFramed(true));
    const pending = waiting.current;
    const receive = (event: MessageEvent) => {
      if (event.source !== window.parent || event.origin !== host() || !isHostMessage(event.data)) return;
      const data = event.data;
      if (data.type === 'opened') {
        document.querySelector<HTMLElement>('textarea, input:not([type=file]), button')?.focus();
        return;
      }
      const entry = pending.get(data.id);
      if (!entry) return;
      pending.delete(data.id);
      if (data.type === 'sso-token' && typeof data.token === 'string' && data.token) entry.resolve(data.token);
      else entry.reject(new Error(t('ssoFailed')));
    };
    window.addEventListener('message', receive);
    const escape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') post({ type: 'close' });
    };
    window.addEventListener('keydown', escape);
    post({ type: 'ready' });
    return () => {
      window.removeEventListener('message', receive);
      window.removeEventListener('keydown', escape);
      for (const entry of pending.values()) entry.reject(new Error(t('ssoFailed')));
      pending.clear();
    };
  }, [host, post, t]);

  /** A fresh single-use token from the panel, asked for each time one is needed (start, leave a message). */
  const requestSsoToken = useCallback(
    () =>
      new Promise<string>((resolve, reject) => {
        if (!host()) {
          reject(new Error(t('ssoFailed')));
          return;
        }
        const id = crypto.randomUUID();
        const timer = window.setTimeout(() => {
          waiting.current.delete(id);
          reject(new Error(t('ssoFailed')));
        }, SSO_TIMEOUT_MS);
        waiting.current.set(id, {
          resolve: (token) => {
            window.clearTimeout(timer);
            resolve(token);
          },
          reject: (error) => {
            window.clearTimeout(timer);
            reject(error);
          },
        });
        post({ type: 'sso-request', id });
      }),
    [host, post, t],
  );

  return (
    <main className="flex h-dvh flex-col bg-white">
      <h1 className="sr-only">{t('metaTitle')}</h1>
      <CustomerChat
        identity={sso ? 'sso' : 'visitor'}
        requestSsoToken={sso ? requestSsoToken : undefined}
        storageScope={storageScope}
        limits={limits}
        chatPlans={chatPlans}
        pageUrl={pageUrl}
        headerExtra={framed ? <CloseButton label={t('close')} onClick={() => post({ type: 'close' })} /> : null}
      />
    </main>
  );
}
