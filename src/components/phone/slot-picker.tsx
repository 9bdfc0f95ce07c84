'use client';

import { useLocale, useTranslations } from 'next-intl';
import { FieldError, errorId } from '@/components/ui/field';
import { Select } from '@/components/ui/input';
import { cn } from '@/lib/cn';

export interface PickerSlot {
  start: string;
  end: string;
  day: string;
  full: boolean;
}

const ZONE = 'Europe/Warsaw';

/**
 * A day (native select) and its half-hour times (radio buttons); full slots stay visible, disabled and labelled
 * "zajęty", so the customer sees the day is busy rather than short. Times are Warsaw wall time.
 */
export function SlotPicker({
  id,
  legend,
  slots,
  value,
  onChange,
  errors,
}: {
  id: string;
  legend: string;
  slots: readonly PickerSlot[];
  value: string;
  onChange: (start: string) => void;
  errors?: readonly string[];
}) {
  const t = useTranslations('callbackBooking');
  const locale = useLocale();
  const days = [...new Set(slots.map((s) => s.day))];
  const selected = slots.find((s) => s.start === value);
  const day = selected?.day ?? days.find((d) => slots.some((s) => s.day === d && !s.full)) ?? days[0] ?? '';
  const dayLabel = (key: string) =>
    new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
      new Date(`${key}T12:00:00Z`),
    );
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: ZONE });
  const invalid = Boolean(errors?.length);

  return (
    <fieldset aria-describedby={invalid ? errorId(id) : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <label htmlFor={`${id}-day`} className="sr-only">
        {t('dayLabel')}
      </label>
      <Select
        id={`${id}-day`}
        className="mt-1.5"
        value={day}
        onChange={(e) => {
          const first = slots.find((s) => s.day === e.target.value && !s.full);
          onChange(first?.start ?? '');
        }}
      >
        {days.map((d) => (
          <option key={d} value={d}>
            {dayLabel(d)}
          </option>
        ))}
      </Select>
      <div className="mt-2 grid grid-cols-3 gap-2 sm:grid-cols-4" data-testid={`${id}-times`}>
        {slots
          .filter((s) => s.day === day)
          .map((slot) => {
            const label = time.format(new Date(slot.start));
            const checked = slot.start === value;
            return (
              <label
                key={slot.start}
                className={cn(
                  'flex min-h-11 items-center justify-center rounded-lg border px-2 text-sm tabular-nums has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600',
                  slot.full
                    ? 'cursor-not-allowed border-dashed border-slate-300 bg-slate-50 text-slate-500'
                    : checked
                      ? 'cursor-pointer border-brand-600 bg-brand-600 font-semibold text-white'
                      : 'cursor-pointer border-slate-300 bg-white text-slate-800 hover:border-brand-400',
                )}
              >
                <input
                  type="radio"
                  name={`${id}-slot`}
                  value={slot.start}
                  checked={checked}
                  disabled={slot.full}
                  onChange={() => onChange(slot.start)}
                  className="sr-only"
                  aria-label={slot.full ? t('slotFullLabel', { time: label }) : label}
                />
                <span aria-hidden="true" className="flex flex-col items-center leading-tight">
                  {label}
                  {slot.full ? <span className="text-[11px]">{t('slotFull')}</span> : null}
                </span>
              </label>
            );
          })}
      </div>
      <FieldError id={errorId(id)} messages={errors} />
    </fieldset>
  );
}
