'use client';

import { useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { CalendarClock, LoaderCircle, PhoneOff } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { moveCallbackSchema, type MoveCallbackInput } from '@/server/phone/booking-schema';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SubmitButton } from '@/components/ui/submit-button';
import { useActionForm } from '@/components/ui/use-action-form';
import type { SlotTaken } from './callback-booking';
import { SlotPicker, type PickerSlot } from './slot-picker';

/** The signed page's two actions: move to another slot, or cancel (after a confirmation dialog). */
export function CallbackManager({
  slots,
  move,
  cancel,
}: {
  slots: PickerSlot[];
  move: (input: MoveCallbackInput) => Promise<ActionResult<{ when: string }, SlotTaken>>;
  cancel: () => Promise<ActionResult<null, SlotTaken>>;
}) {
  const t = useTranslations('callbackBooking');
  const [slot, setSlot] = useState(slots.find((s) => !s.full)?.start ?? '');
  const moveForm = useActionForm(move, { schema: moveCallbackSchema });
  const cancelForm = useActionForm(() => cancel());
  const dialog = useRef<HTMLDialogElement>(null);

  return (
    <div className="space-y-6">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          moveForm.submit({ slot });
        }}
        className="space-y-4"
      >
        {moveForm.formError ? (
          <Alert tone="error" role="alert">
            {moveForm.formError}
          </Alert>
        ) : null}
        <SlotPicker
          id="move-slot"
          legend={t('manage.moveLegend')}
          slots={slots}
          value={slot}
          onChange={(start) => {
            setSlot(start);
            moveForm.clearFieldErrors('slot');
          }}
          errors={moveForm.fieldErrors.slot}
        />
        <SubmitButton pending={moveForm.isPending} icon={<CalendarClock aria-hidden="true" />} className="w-full sm:w-auto">
          {moveForm.isPending ? t('manage.moving') : t('manage.move')}
        </SubmitButton>
      </form>
      <div className="border-t border-slate-200 pt-5">
        {cancelForm.formError ? (
          <Alert tone="error" role="alert" className="mb-3">
            {cancelForm.formError}
          </Alert>
        ) : null}
        <Button variant="danger" className="w-full sm:w-auto" onClick={() => dialog.current?.showModal()}>
          <PhoneOff aria-hidden="true" />
          {t('manage.cancel')}
        </Button>
        <dialog
          ref={dialog}
          aria-labelledby="cancel-callback-title"
          className="m-auto w-[calc(100%-2rem)] max-w-md rounded-2xl bg-white p-0 shadow-2xl backdrop:bg-slate-900/50"
        >
          <div className="p-6">
            <h2 id="cancel-callback-title" className="text-lg font-semibold text-slate-900">
              {t('manage.cancelTitle')}
            </h2>
          </div>
          <div className="flex flex-col-reverse gap-3 rounded-b-2xl border-t border-slate-200 bg-slate-50 px-6 py-4 sm:flex-row sm:justify-end">
            <Button variant="secondary" onClick={() => dialog.current?.close()} disabled={cancelForm.isPending} autoFocus>
              {t('close')}
            </Button>
            <Button
              variant="danger"
              disabled={cancelForm.isPending}
              onClick={() => cancelForm.send(undefined, { onSettled: () => dialog.current?.close() })}
            >
              {cancelForm.isPending ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : <PhoneOff aria-hidden="true" />}
              {cancelForm.isPending ? t('manage.cancelling') : t('manage.cancel')}
            </Button>
          </div>
        </dialog>
      </div>
    </div>
  );
}
