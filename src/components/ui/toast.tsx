'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { CircleCheck, X } from 'lucide-react';

interface Toast {
  id: number;
  message: string;
}

const ToastContext = createContext<(message: string) => void>(() => undefined);

/** Shows a short confirmation after an action ("Odpowiedź wysłana."). */
export function useToast(): (message: string) => void {
  return useContext(ToastContext);
}

const VISIBLE_MS = 6_000;

/**
 * One polite live region for the page's confirmations: present from the first render (screen readers only
 * announce changes to regions that already exist), bottom of the screen on phones, top right on desktops.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const t = useTranslations('portal.toast');
  const [toast, setToast] = useState<Toast | null>(null);
  const show = useCallback((message: string) => setToast((current) => ({ id: (current?.id ?? 0) + 1, message })), []);
  const value = useMemo(() => show, [show]);

  useEffect(() => {
    if (!toast) return;
    const timer = window.setTimeout(() => setToast(null), VISIBLE_MS);
    return () => window.clearTimeout(timer);
  }, [toast]);

  return (
    <ToastContext value={value}>
      {children}
      <div className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex justify-center p-4 sm:inset-x-auto sm:top-20 sm:right-0 sm:bottom-auto sm:justify-end">
        <div role="status" aria-live="polite" className="w-full max-w-sm">
          {toast ? (
            <div
              key={toast.id}
              data-testid="toast"
              className="pointer-events-auto flex items-start gap-3 rounded-xl bg-slate-900 py-3 pr-2 pl-4 text-sm text-white shadow-lg ring-1 ring-black/5"
            >
              <CircleCheck aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-emerald-400" />
              <p className="min-w-0 flex-1 py-0.5 leading-relaxed">{toast.message}</p>
              <button
                type="button"
                onClick={() => setToast(null)}
                aria-label={t('dismiss')}
                className="-my-2.5 flex size-11 shrink-0 items-center justify-center rounded-lg text-slate-300 hover:bg-white/10 hover:text-white"
              >
                <X aria-hidden="true" className="size-4" />
              </button>
            </div>
          ) : null}
        </div>
      </div>
    </ToastContext>
  );
}
