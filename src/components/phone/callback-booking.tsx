'use client';

import { useRef, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import Link from 'next/link';
import { CalendarClock, CircleCheck, PhoneCall, X } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { bookCallbackSchema, TOPIC_MAX, type BookCallbackInput } from '@/server/phone/booking-schema';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import { useActionForm } from '@/components/ui/use-action-form';
import { IntlIsland, type IslandIntl } from '@/i18n/intl-island';
import { SlotPicker, type PickerSlot } from './slot-picker';

export interface BookedView {
  ticketNumber: string;
  ticketPath: string;
  when: string;
  phone: string;
}

export interface SlotTaken {
  alternatives: string[];
}

/** What lazy-callback-booking.tsx loads: the booking with its own catalogue provider (the page has none). */
export function CallbackBookingEntry({ intl, ...props }: Parameters<typeof CallbackBooking>[0] & { intl: IslandIntl }) {
  return (
    <IntlIsland intl={intl}>
      <CallbackBooking {...props} />
    </IntlIsland>
  );
}

/**
 * "Zamów rozmowę zwrotną" on the phone card: a native <dialog> (focus trap, Escape, backdrop) with the slot picker,
 * topic, optional ticket and phone number. A slot taken meanwhile keeps everything typed and offers the next free
 * ones; success shows the ticket number in the dialog at once.
 */
export function CallbackBooking({
  action,
  slots: initialSlots,
  phone,
  tickets,
}: {
  action: (input: BookCallbackInput) => Promise<ActionResult<BookedView, SlotTaken>>;
  slots: PickerSlot[];
  phone: string | null;
  tickets: { number: string; subject: string }[];
}) {
  const t = useTranslations('callbackBooking');
  const locale = useLocale();
  const dialog = useRef<HTMLDialogElement>(null);
  const [slots, setSlots] = useState(initialSlots);
  const [values, setValues] = useState({
    slot: initialSlots.find((s) => !s.full)?.start ?? '',
    topic: '',
    phone: phone ?? '',
    ticketNumber: '',
  });
  const [booked, setBooked] = useState<BookedView | null>(null);
  const [alternatives, setAlternatives] = useState<string[]>([]);
  const form = useActionForm(action, { schema: bookCallbackSchema, toast: false });
  const { fieldErrors: errors, formError, isPending, clearFieldErrors } = form;
  const time = new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Warsaw',
  });

  const set = (field: keyof typeof values, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    clearFieldErrors(field);
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setAlternatives([]);
    form.submit(values, {
      onSuccess: (result) => setBooked(result.data),
      onFailure: (result) => {
        const offered = result.detail?.alternatives ?? [];
        if (!offered.length) return;
        // The taken slot is shown as full from now on; the next free ones are offered as buttons.
        setSlots((current) => current.map((s) => (s.start === values.slot ? { ...s, full: true } : s)));
        setAlternatives(offered);
      },
    });
  };

  const noSlots = !slots.some((s) => !s.full);

  return (
    <>
      <Button variant="secondary" className="mt-3 w-full" onClick={() => dialog.current?.showModal()}>
        <PhoneCall aria-hidden="true" />
        {t('open')}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby="callback-title"
        className="m-auto max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-lg overflow-y-auto rounded-2xl bg-white p-0 shadow-2xl backdrop:bg-slate-900/50"
        data-testid="callback-dialog"
      >
        <div className="flex items-start justify-between gap-3 border-b border-slate-200 px-5 py-4">
          <div>
            <h2 id="callback-title" className="text-lg font-semibold text-slate-900">
              {t('title')}
            </h2>
            {booked ? null : <p className="mt-1 text-sm text-slate-600">{t('lead')}</p>}
          </div>
          <Button variant="ghost" size="icon" aria-label={t('close')} onClick={() => dialog.current?.close()}>
            <X aria-hidden="true" />
          </Button>
        </div>
        <div aria-live="polite">
          {booked ? (
            <div className="px-5 py-5" data-testid="callback-booked">
              <p className="flex items-center gap-2 text-base font-semibold text-emerald-800">
                <CircleCheck aria-hidden="true" className="size-5 text-emerald-600" />
                {t('done.title')}
              </p>
              <p className="mt-2 text-sm text-slate-700">{t('done.body', { when: booked.when, phone: booked.phone })}</p>
              <p className="mt-3 text-sm text-slate-600">
                {t('done.number')}:{' '}
                <strong className="text-lg text-slate-900 tabular-nums" data-testid="callback-ticket-number">
                  {booked.ticketNumber}
                </strong>
              </p>
              <p className="mt-2 text-sm text-slate-600">{t('done.mail')}</p>
              <Link
                href={booked.ticketPath}
                className="mt-4 inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 underline"
              >
                {t('done.open')}
              </Link>
            </div>
          ) : noSlots ? (
            <p className="px-5 py-5 text-sm text-slate-700">{t('noSlots')}</p>
          ) : (
            <form onSubmit={submit} noValidate className="space-y-4 px-5 py-4">
              {formError ? (
                <Alert tone="error" role="alert">
                  {formError}
                </Alert>
              ) : null}
              {alternatives.length ? (
                <Alert tone="info" role="status" data-testid="callback-alternatives">
                  <p>{t('slotTaken')}</p>
                  <div className="mt-2 flex flex-wrap gap-2" role="group" aria-label={t('alternatives')}>
                    {alternatives.map((start) => (
                      <Button key={start} variant="secondary" onClick={() => set('slot', start)} aria-pressed={values.slot === start}>
                        <CalendarClock aria-hidden="true" />
                        {time.format(new Date(start))}
                      </Button>
                    ))}
                  </div>
                </Alert>
              ) : null}
              <SlotPicker
                id="callback-slot"
                legend={t('slotLegend')}
                slots={slots}
                value={values.slot}
                onChange={(start) => set('slot', start)}
                errors={errors.slot}
              />
              <Field id="callback-topic" label={t('topic')} hint={t('topicHint')} errors={errors.topic} required>
                {(control) => (
                  <Input {...control} value={values.topic} maxLength={TOPIC_MAX} onChange={(e) => set('topic', e.target.value)} />
                )}
              </Field>
              {tickets.length ? (
                <Field id="callback-ticket" label={t('ticket.label')} errors={errors.ticketNumber}>
                  {(control) => (
                    <Select {...control} value={values.ticketNumber} onChange={(e) => set('ticketNumber', e.target.value)}>
                      <option value="">{t('ticket.none')}</option>
                      {tickets.map((ticket) => (
                        <option key={ticket.number} value={ticket.number}>
                          {ticket.number}: {ticket.subject}
                        </option>
                      ))}
                    </Select>
                  )}
                </Field>
              ) : null}
              <Field id="callback-phone" label={t('phone')} hint={t('phoneHint')} errors={errors.phone} required>
                {(control) => (
                  <Input
                    {...control}
                    type="tel"
                    autoComplete="tel"
                    inputMode="tel"
                    value={values.phone}
                    onChange={(e) => set('phone', e.target.value)}
                  />
                )}
              </Field>
              <div className="flex flex-col-reverse gap-3 pt-1 sm:flex-row sm:justify-end">
                <Button variant="secondary" onClick={() => dialog.current?.close()}>
                  {t('close')}
                </Button>
                <SubmitButton pending={isPending} icon={<PhoneCall aria-hidden="true" />}>
                  {isPending ? t('submitting') : t('submit')}
                </SubmitButton>
              </div>
            </form>
          )}
        </div>
      </dialog>
    </>
  );
}
