'use client';

import { useRef } from 'react';
import { useTranslations } from 'next-intl';
import { CircleCheck, LoaderCircle, RotateCcw } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import type { TicketActionData } from '@/server/tickets/customer-notices';
import { useActionForm } from '@/components/ui/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';

/**
 * "Oznacz jako rozwiązane" (after a confirmation dialog: it stops the team's work) and "Otwórz ponownie".
 * The native <dialog> gives focus trapping, Escape and the backdrop for free.
 */
type StatusAction = () => Promise<ActionResult<TicketActionData>>;

export function StatusActions({
  markSolved,
  reopen,
  canMarkSolved,
  canReopen,
}: {
  /** The page's actions, bound to this ticket. */
  markSolved: StatusAction;
  reopen: StatusAction;
  canMarkSolved: boolean;
  canReopen: boolean;
}) {
  const t = useTranslations('portal.actions');
  const tt = useTranslations('portal.toast');
  const toast = useToast();
  const dialog = useRef<HTMLDialogElement>(null);
  const { formError: error, isPending, send, setFormError } = useActionForm((action: StatusAction) => action());

  const perform = (action: StatusAction) => {
    setFormError(null);
    send(action, {
      onSuccess: ({ data }) => {
        if (data.notice !== 'followUp') toast(tt(data.notice));
      },
      onSettled: () => dialog.current?.close(),
    });
  };

  return (
    <div className="space-y-3">
      {error ? (
        <Alert tone="error" role="alert" title={t('errorTitle')}>
          {error}
        </Alert>
      ) : null}
      {canMarkSolved ? (
        <div>
          <p className="text-sm text-slate-600">{t('markSolvedHint')}</p>
          <Button variant="secondary" className="mt-3 w-full" onClick={() => dialog.current?.showModal()} disabled={isPending}>
            <CircleCheck aria-hidden="true" className="text-emerald-600" />
            {t('markSolved')}
          </Button>
          <dialog
            ref={dialog}
            aria-labelledby="solve-title"
            aria-describedby="solve-body"
            className="m-auto w-[calc(100%-2rem)] max-w-md rounded-2xl bg-white p-0 shadow-2xl backdrop:bg-slate-900/50"
          >
            <div className="p-6">
              <span className="flex size-11 items-center justify-center rounded-full bg-emerald-50">
                <CircleCheck aria-hidden="true" className="size-6 text-emerald-600" />
              </span>
              <h2 id="solve-title" className="mt-4 text-lg font-semibold text-slate-900">
                {t('confirmTitle')}
              </h2>
              <p id="solve-body" className="mt-2 text-sm leading-relaxed text-slate-600">
                {t('confirmBody')}
              </p>
            </div>
            <div className="flex flex-col-reverse gap-3 rounded-b-2xl border-t border-slate-200 bg-slate-50 px-6 py-4 sm:flex-row sm:justify-end">
              <Button variant="secondary" onClick={() => dialog.current?.close()} disabled={isPending} autoFocus>
                {t('cancel')}
              </Button>
              <Button onClick={() => perform(markSolved)} disabled={isPending}>
                {isPending ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : <CircleCheck aria-hidden="true" />}
                {isPending ? t('working') : t('confirm')}
              </Button>
            </div>
          </dialog>
        </div>
      ) : null}
      {canReopen ? (
        <div>
          <p className="text-sm text-slate-600">{t('reopenHint')}</p>
          <Button variant="secondary" className="mt-3 w-full" onClick={() => perform(reopen)} disabled={isPending}>
            {isPending ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : <RotateCcw aria-hidden="true" />}
            {isPending ? t('working') : t('reopen')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
