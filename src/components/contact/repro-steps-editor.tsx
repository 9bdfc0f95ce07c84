'use client';

import { useTranslations } from 'next-intl';
import { flushSync } from 'react-dom';
import { ArrowDown, ArrowUp, Plus, X } from 'lucide-react';
import { LIMITS } from '@/server/tickets/constants';
import { Button } from '@/components/ui/button';
import { describedBy, errorId, FieldError, FieldHint } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { rowKey } from '@/lib/row-key';
import { fieldId, type ReproStep } from './form-model';

const LEGEND_HINT = 'repro-steps-hint';

function focusById(id: string, caretAtEnd = false) {
  const element = document.getElementById(id);
  if (!(element instanceof HTMLElement)) return;
  element.focus();
  if (caretAtEnd && element instanceof HTMLInputElement) element.setSelectionRange(element.value.length, element.value.length);
}

export function ReproStepsEditor({
  steps,
  onChange,
  errorsAt,
}: {
  steps: ReproStep[];
  /** The new list, and either the index of the edited step or null when rows moved or went (index-based errors no longer apply). */
  onChange: (steps: ReproStep[], edited: number | null) => void;
  errorsAt: (path: string) => string[] | undefined;
}) {
  const t = useTranslations('ticketForm.reproSteps');
  const full = steps.length >= LIMITS.reproSteps;

  // flushSync so the new row exists before focus moves to it, in the same keystroke.
  const insertAfter = (index: number) => {
    if (full) return;
    const next = [...steps];
    next.splice(index + 1, 0, { key: rowKey(), text: '' });
    flushSync(() => onChange(next, null));
    focusById(fieldId(`reproSteps.${index + 1}`));
  };

  const remove = (index: number) => {
    const next = steps.filter((_, i) => i !== index);
    flushSync(() => onChange(next.length ? next : [{ key: rowKey(), text: '' }], null));
    focusById(fieldId(`reproSteps.${Math.max(0, index - 1)}`), true);
  };

  const move = (index: number, by: -1 | 1) => {
    const target = index + by;
    if (target < 0 || target >= steps.length) return;
    const next = [...steps];
    const [step] = next.splice(index, 1);
    if (!step) return;
    next.splice(target, 0, step);
    flushSync(() => onChange(next, null));
    // Keep focus on the same arrow so repeated presses keep moving the step; at either end, go to its text.
    const arrow = document.getElementById(`step-${step.key}-${by < 0 ? 'up' : 'down'}`);
    if (arrow instanceof HTMLButtonElement && !arrow.disabled) arrow.focus();
    else focusById(fieldId(`reproSteps.${target}`));
  };

  return (
    <fieldset aria-describedby={LEGEND_HINT}>
      <legend className="text-sm font-medium text-slate-800">{t('legend')}</legend>
      <FieldHint id={LEGEND_HINT} tight>
        {t('hint')}
      </FieldHint>
      <ol className="mt-3 space-y-2.5">
        {steps.map((step, index) => {
          const id = fieldId(`reproSteps.${index}`);
          const errors = errorsAt(`reproSteps.${index}`);
          const number = index + 1;
          return (
            <li key={step.key}>
              <div className="flex items-start gap-2">
                <label
                  htmlFor={id}
                  className="mt-2.5 flex size-6 shrink-0 items-center justify-center rounded-full bg-slate-100 text-xs font-semibold text-slate-700 tabular-nums"
                >
                  {number}
                </label>
                <Input
                  id={id}
                  // The visible label is just the number; the name says what it numbers.
                  aria-label={t('step', { number })}
                  value={step.text}
                  placeholder={index === 0 ? t('firstPlaceholder') : undefined}
                  aria-invalid={errors ? true : undefined}
                  aria-describedby={describedBy(errors && errorId(id))}
                  enterKeyHint="next"
                  onChange={(event) =>
                    onChange(
                      steps.map((s) => (s.key === step.key ? { ...s, text: event.target.value } : s)),
                      index,
                    )
                  }
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
                      // Enter would submit the whole form; in a list of steps it means "next step".
                      event.preventDefault();
                      if (step.text.trim()) insertAfter(index);
                    } else if (event.key === 'Backspace' && step.text === '' && steps.length > 1) {
                      event.preventDefault();
                      remove(index);
                    }
                  }}
                  className="flex-1"
                />
                <div className="flex shrink-0">
                  <Button
                    id={`step-${step.key}-up`}
                    variant="ghost"
                    size="icon"
                    className="max-sm:hidden"
                    disabled={index === 0}
                    aria-label={t('moveUp', { number })}
                    onClick={() => move(index, -1)}
                  >
                    <ArrowUp aria-hidden="true" />
                  </Button>
                  <Button
                    id={`step-${step.key}-down`}
                    variant="ghost"
                    size="icon"
                    className="max-sm:hidden"
                    disabled={index === steps.length - 1}
                    aria-label={t('moveDown', { number })}
                    onClick={() => move(index, 1)}
                  >
                    <ArrowDown aria-hidden="true" />
                  </Button>
                  {steps.length > 1 || step.text ? (
                    <Button variant="danger" size="icon" aria-label={t('remove', { number })} onClick={() => remove(index)}>
                      <X aria-hidden="true" />
                    </Button>
                  ) : (
                    <span aria-hidden="true" className="size-11" />
                  )}
                </div>
              </div>
              <FieldError id={errorId(id)} messages={errors} className="ml-8" />
            </li>
          );
        })}
      </ol>
      <div className="mt-3 flex flex-wrap items-center gap-3 pl-8">
        <Button variant="secondary" onClick={() => insertAfter(steps.length - 1)} disabled={full}>
          <Plus aria-hidden="true" />
          {t('add')}
        </Button>
        {full ? (
          <p className="text-sm text-slate-600" role="status">
            {t('limit', { max: LIMITS.reproSteps })}
          </p>
        ) : null}
      </div>
    </fieldset>
  );
}
