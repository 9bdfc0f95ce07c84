'use client';

import { useId, useState } from 'react';
import { useTranslations } from 'next-intl';
import { ThumbsDown, ThumbsUp } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { feedbackSchema, KB_LIMITS, type FeedbackInput } from '@/server/kb/schemas';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import { useActionForm } from '@/components/ui/use-action-form';

/**
 * "Czy to pomogło?": Tak / Nie is sent at once (one click is all most people give); then an optional comment can
 * follow as a second answer. Thanks are said in place and announced.
 */
export function FeedbackForm({ action }: { action: (input: FeedbackInput) => Promise<ActionResult<{ id: string }>> }) {
  const t = useTranslations('kb.feedback');
  const ids = useId();
  const [helpful, setHelpful] = useState<boolean | null>(null);
  const [comment, setComment] = useState('');
  const [done, setDone] = useState<'answered' | 'commented' | null>(null);
  const form = useActionForm(action, { schema: feedbackSchema, toast: false });

  const answer = (value: boolean) =>
    form.send(
      { helpful: value },
      {
        onSuccess: () => {
          setHelpful(value);
          setDone('answered');
        },
      },
    );

  const sendComment = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (helpful === null || !comment.trim()) return;
    form.send({ helpful, comment }, { onSuccess: () => setDone('commented') });
  };

  return (
    <section aria-labelledby={`${ids}-title`}>
      <div aria-live="polite" className="empty:hidden">
        {done ? <p className="mb-3 font-medium text-emerald-800">{t(done === 'commented' ? 'thanksComment' : 'thanks')}</p> : null}
      </div>
      {done === null ? (
        <div className="flex flex-wrap items-center gap-3">
          <h2 id={`${ids}-title`} className="mr-2 text-base font-semibold text-slate-900">
            {t('title')}
          </h2>
          <Button variant="secondary" disabled={form.isPending} onClick={() => answer(true)}>
            <ThumbsUp aria-hidden="true" />
            {t('yes')}
          </Button>
          <Button variant="secondary" disabled={form.isPending} onClick={() => answer(false)}>
            <ThumbsDown aria-hidden="true" />
            {t('no')}
          </Button>
        </div>
      ) : (
        <h2 id={`${ids}-title`} className="sr-only">
          {t('title')}
        </h2>
      )}
      {done === 'answered' ? (
        <form onSubmit={sendComment} className="space-y-3">
          <Field id={`${ids}-comment`} label={t(helpful ? 'commentLabelYes' : 'commentLabel')} errors={form.fieldErrors.comment}>
            {(control) => (
              <Textarea {...control} rows={3} maxLength={KB_LIMITS.comment} value={comment} onChange={(e) => setComment(e.target.value)} />
            )}
          </Field>
          <SubmitButton pending={form.isPending} disabled={!comment.trim()}>
            {t('send')}
          </SubmitButton>
        </form>
      ) : null}
      {form.formError ? (
        <Alert tone="error" role="alert" className="mt-3">
          {form.formError}
        </Alert>
      ) : null}
    </section>
  );
}
