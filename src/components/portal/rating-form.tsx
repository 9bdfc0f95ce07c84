'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Star } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import type { TicketActionData } from '@/server/tickets/customer-notices';
import { LIMITS, ratingSchema, type RatingInput } from '@/server/tickets/schemas';
import { useActionForm } from '@/components/ui/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SubmitButton } from '@/components/ui/submit-button';
import { describedBy, errorId, Field, FieldError } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';
import { cn } from '@/lib/cn';
import { useToast } from '@/components/ui/toast';

const STARS = [1, 2, 3, 4, 5] as const;
const GROUP_ID = 'rating-stars';

/** Stars drawn in gold up to `value`; for reading, not input. */
export function StarRow({ value, className }: { value: number; className?: string }) {
  return (
    <span aria-hidden="true" className={cn('flex gap-0.5', className)}>
      {STARS.map((n) => (
        <Star key={n} className={cn('size-5', n <= value ? 'fill-amber-400 text-amber-400' : 'fill-transparent text-slate-300')} />
      ))}
    </span>
  );
}

/**
 * 1–5 stars as a native radio group (arrow keys move, each star has a spoken name) and an optional comment.
 * A given rating is shown with "Zmień ocenę"; the new one replaces it.
 */
export function RatingForm({
  action,
  current,
}: {
  /** The page's rating action, bound to this ticket. */
  action: (rating: RatingInput) => Promise<ActionResult<TicketActionData>>;
  current: { stars: number; comment: string | null } | null;
}) {
  const t = useTranslations('portal.rating');
  const tt = useTranslations('portal.toast');
  const toast = useToast();
  const [editing, setEditing] = useState(current === null);
  const [rating, setRating] = useState<number | null>(current?.stars ?? null);
  const [hover, setHover] = useState<number | null>(null);
  const [comment, setComment] = useState(current?.comment ?? '');
  const form = useActionForm(action);
  const { fieldErrors: errors, setFieldErrors: setErrors, formError, isPending } = form;

  if (!editing && current) {
    return (
      <div>
        <p className="text-sm font-medium text-slate-900">{t('yours', { rating: current.stars })}</p>
        <StarRow value={current.stars} className="mt-1.5" />
        {current.comment ? <p className="mt-2 text-sm whitespace-pre-wrap break-words text-slate-600">„{current.comment}”</p> : null}
        <Button variant="ghost" className="mt-2 -ml-3" onClick={() => setEditing(true)}>
          {t('change')}
        </Button>
      </div>
    );
  }

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = { rating: rating ?? Number.NaN, comment: comment.trim() ? comment : undefined };
    const parsed = ratingSchema.safeParse(input);
    if (!parsed.success) {
      form.showInvalid(parsed.error);
      return;
    }
    form.setFormError(null);
    form.send(
      { rating: parsed.data.rating, comment: parsed.data.comment },
      {
        onSuccess: ({ data }) => {
          setEditing(false);
          if (data.notice !== 'followUp') toast(tt(data.notice));
        },
      },
    );
  };

  const shown = hover ?? rating ?? 0;
  const ratingErrors = errors.rating;

  return (
    <form noValidate onSubmit={submit} className="space-y-4">
      {formError ? (
        <Alert tone="error" role="alert" title={t('errorTitle')}>
          {formError}
        </Alert>
      ) : null}
      <fieldset aria-describedby={describedBy(ratingErrors && errorId(GROUP_ID))} aria-invalid={ratingErrors ? true : undefined}>
        <legend className="sr-only">{t('legend')}</legend>
        <div className="flex items-center gap-1" onMouseLeave={() => setHover(null)}>
          {STARS.map((n) => (
            <label
              key={n}
              onMouseEnter={() => setHover(n)}
              className="relative flex size-11 cursor-pointer items-center justify-center rounded-lg has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-1 has-[:focus-visible]:outline-brand-600"
            >
              <input
                type="radio"
                name="rating"
                value={n}
                checked={rating === n}
                onChange={() => {
                  setRating(n);
                  setErrors(({ rating: _rating, ...rest }) => rest);
                }}
                aria-label={t('star', { count: n, label: t(`labels.${n}`) })}
                className="absolute inset-0 z-10 m-0 cursor-pointer appearance-none rounded-lg opacity-0"
              />
              <Star
                aria-hidden="true"
                className={cn('size-8 transition-colors', n <= shown ? 'fill-amber-400 text-amber-400' : 'fill-transparent text-slate-500')}
              />
            </label>
          ))}
          <span className="ml-2 text-sm text-slate-600" aria-hidden="true">
            {shown ? t(`labels.${shown}`) : ''}
          </span>
        </div>
        <FieldError id={errorId(GROUP_ID)} messages={ratingErrors} />
      </fieldset>
      <Field id="rating-comment" label={t('comment')} errors={errors.comment}>
        {(control) => (
          <Textarea
            {...control}
            rows={2}
            look="compact"
            maxLength={LIMITS.ratingComment}
            placeholder={t('commentPlaceholder')}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        )}
      </Field>
      <div className="flex flex-col gap-2 sm:flex-row">
        <SubmitButton pending={isPending} icon={<Star aria-hidden="true" />} className="w-full sm:w-auto">
          {isPending ? t('submitting') : t('submit')}
        </SubmitButton>
        {current ? (
          <Button variant="ghost" onClick={() => setEditing(false)} disabled={isPending}>
            {t('cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
