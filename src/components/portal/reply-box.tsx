'use client';

import { useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Info, Send } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import type { TicketActionData } from '@/server/tickets/customer-notices';
import { LIMITS, replySchema, type ReplyInput } from '@/server/tickets/schemas';
import { AttachmentUploader, type UploadItem, type UploadLimits } from '@/components/ui/attachment-uploader';
import { useActionForm } from '@/components/ui/use-action-form';
import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { Field } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';
import { newIdempotencyKey } from '@/lib/idempotency';
import { useToast } from '@/components/ui/toast';

const BODY_ID = 'reply-body';
const FILES_ID = 'reply-attachments';

/** What sending does to the ticket, so the box can say so before the customer sends. */
export type ReplyMode = 'reply' | 'reopens' | 'followUp';

/**
 * The customer's reply: text plus screenshots and files through the contact form's uploader (drop, pick or
 * Ctrl+V anywhere on the page). One idempotency key per draft, so a double click adds the reply once.
 */
export function ReplyBox({
  action,
  limits,
  mode,
}: {
  /** The page's reply action, bound to this ticket. */
  action: (reply: ReplyInput) => Promise<ActionResult<TicketActionData>>;
  limits: UploadLimits;
  mode: ReplyMode;
}) {
  const t = useTranslations('portal.reply');
  const tt = useTranslations('portal.toast');
  const toast = useToast();
  const router = useRouter();
  const [body, setBody] = useState('');
  const [uploads, setUploads] = useState<UploadItem[]>([]);
  const form = useActionForm(action);
  const { fieldErrors: errors, setFieldErrors: setErrors, formError, isPending } = form;
  const idempotencyKey = useRef<string | null>(null);
  const inFlight = useRef(false);
  const bodyRef = useRef<HTMLTextAreaElement>(null);

  const uploading = uploads.some((item) => item.status === 'uploading');
  const length = body.length;

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (inFlight.current || uploading) return;
    const input = {
      body,
      attachmentTokens: uploads.flatMap((item) => (item.status === 'done' && item.token ? [item.token] : [])),
    };
    const parsed = replySchema.safeParse(input);
    if (!parsed.success) {
      form.showInvalid(parsed.error);
      bodyRef.current?.focus();
      return;
    }
    idempotencyKey.current ??= newIdempotencyKey();
    inFlight.current = true;
    form.send(
      { ...input, idempotencyKey: idempotencyKey.current ?? undefined },
      {
        onSuccess: ({ data }) => {
          idempotencyKey.current = null;
          setBody('');
          setUploads([]);
          if (data.notice === 'followUp') {
            toast(tt('followUp', { number: data.followUp.number }));
            router.push(data.followUp.href);
          } else {
            toast(tt(data.notice));
          }
        },
        onFailure: (result) => {
          if (result.fieldErrors.body) bodyRef.current?.focus();
        },
        onSettled: () => {
          inFlight.current = false;
        },
      },
    );
  };

  const note = mode === 'followUp' ? t('followUpNote') : mode === 'reopens' ? t('reopenNote') : null;

  return (
    <form noValidate onSubmit={submit} aria-labelledby="reply-title" className="rounded-xl border border-slate-200 bg-white shadow-xs">
      <div className="space-y-5 px-4 pt-5 sm:px-6 sm:pt-6">
        <h2 id="reply-title" className="text-lg font-semibold tracking-tight text-slate-900">
          {mode === 'followUp' ? t('titleFollowUp') : t('title')}
        </h2>
        {note ? (
          <p className="flex items-start gap-2.5 rounded-lg bg-brand-50/70 px-3.5 py-3 text-sm text-slate-700">
            <Info aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-brand-600" />
            {note}
          </p>
        ) : null}
        {formError ? (
          <Alert tone="error" role="alert" title={t('errorTitle')}>
            {formError}
          </Alert>
        ) : null}
        <Field
          id={BODY_ID}
          label={t('label')}
          required
          errors={errors.body}
          aside={
            <span className={length > LIMITS.reply ? 'text-xs text-red-700 tabular-nums' : 'text-xs text-slate-500 tabular-nums'}>
              {t('characters', { count: length, max: LIMITS.reply })}
            </span>
          }
        >
          {(control) => (
            <Textarea
              {...control}
              ref={bodyRef}
              rows={4}
              placeholder={t('placeholder')}
              value={body}
              onChange={(e) => {
                setBody(e.target.value);
                if (errors.body) setErrors(({ body: _body, ...rest }) => rest);
              }}
            />
          )}
        </Field>
        <div>
          <p className="mb-1.5 text-sm font-medium text-slate-800">{t('attachments')}</p>
          <AttachmentUploader
            inputId={FILES_ID}
            items={uploads}
            setItems={(next) => {
              setUploads(next);
              if (errors.attachmentTokens) setErrors(({ attachmentTokens: _files, ...rest }) => rest);
            }}
            limits={limits}
            errors={errors.attachmentTokens}
          />
        </div>
      </div>
      <div className="mt-5 flex flex-col gap-3 rounded-b-xl border-t border-slate-200 bg-slate-50 px-4 py-4 sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <p className="text-sm text-slate-600" aria-live="polite">
          {uploading ? <span className="font-medium text-amber-800">{t('waitForUploads')}</span> : t('note')}
        </p>
        <SubmitButton pending={isPending} disabled={uploading} icon={<Send aria-hidden="true" />} className="w-full sm:w-auto">
          {isPending ? t('submitting') : mode === 'followUp' ? t('submitFollowUp') : t('submit')}
        </SubmitButton>
      </div>
    </form>
  );
}
