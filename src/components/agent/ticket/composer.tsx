'use client';

import { useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import {
  Bold,
  Code,
  Eye,
  Italic,
  Link2,
  List,
  Lock,
  LoaderCircle,
  MessageSquareText,
  Paperclip,
  Pencil,
  Send,
  SquareCode,
  StickyNote,
} from 'lucide-react';
import { renderMarkdownPreviewHtml } from '@/server/markdown/marked';
import { MARKDOWN_CLASSES } from '@/components/ui/message-body';
import type { ActionResult } from '@/server/actions/result';
import { LIMITS } from '@/server/tickets/schemas';
import { canTransition, type TicketStatus } from '@/server/tickets/status';
import { AttachmentUploader, type UploadItem, type UploadLimits } from '@/components/ui/attachment-uploader';
import { newIdempotencyKey } from '@/lib/idempotency';
import { useToast } from '@/components/ui/toast';
import { useActionForm } from '@/components/ui/use-action-form';
import { Button } from '@/components/ui/button';
import { FieldError } from '@/components/ui/field';
import { cn } from '@/lib/cn';
import { CannedPicker, type CannedActions } from './canned-picker';
import { ConflictNotice, type TicketConflict } from './conflict-notice';
import { useReportDraft } from './draft-state';

export type ComposerMode = 'reply' | 'note';

type Posted = ActionResult<{ version: number }, TicketConflict>;
type Draft = { body: string; attachmentTokens: string[]; idempotencyKey?: string };

/** The page's actions, bound to the ticket. */
export interface ComposerActions {
  reply: (input: Draft & { expectedVersion: number; setStatus?: TicketStatus }) => Promise<Posted>;
  note: (input: Draft) => Promise<Posted>;
}

/** The statuses "Wyślij i ustaw: …" offers, when the table allows the move. */
const SEND_AND_SET: readonly TicketStatus[] = ['WAITING_ON_CUSTOMER', 'RESOLVED'];

/**
 * Public reply or internal note, with files through the contact form's uploader. One idempotency key per draft.
 * On a conflict (the ticket changed since the page was rendered) the draft stays and the page refreshes behind
 * it, so sending again goes out against the current ticket.
 *
 * "Gotowe odpowiedzi" (CannedPicker) puts a response, rendered by the server for this ticket, at the cursor of
 * the open draft (reply or note).
 */
export function Composer({
  actions,
  canned,
  ticketNumber,
  version,
  status,
  limits,
}: {
  actions: ComposerActions;
  canned: CannedActions;
  ticketNumber: string;
  version: number;
  status: TicketStatus;
  limits: UploadLimits;
}) {
  const t = useTranslations('agent.ticket.composer');
  const tf = useTranslations('formatting');
  const [preview, setPreview] = useState(false);
  const ts = useTranslations('ticket.status');
  const [mode, setMode] = useState<ComposerMode>('reply');
  const [drafts, setDrafts] = useState<Record<ComposerMode, string>>({ reply: '', note: '' });
  const [uploads, setUploads] = useState<UploadItem[]>([]);
  // The uploader stays mounted (paste and drop work anywhere on the page) but shows only when asked or in use.
  const [filesOpen, setFilesOpen] = useState(false);
  const toast = useToast();
  const form = useActionForm((post: () => Promise<Posted>) => post());
  const { fieldErrors: errors, setFieldErrors: setErrors, formError, isPending } = form;
  const [conflict, setConflict] = useState<string | null>(null);
  const keys = useRef<Record<ComposerMode, string | null>>({ reply: null, note: null });
  const bodyRef = useRef<HTMLTextAreaElement>(null);

  const body = drafts[mode];
  // Colleagues on the same ticket see "pisze odpowiedź" while either draft has text.
  useReportDraft(ticketNumber, drafts.reply.trim() !== '' || drafts.note.trim() !== '');
  const uploading = uploads.some((item) => item.status === 'uploading');
  const isNote = mode === 'note';
  const sendAndSet = SEND_AND_SET.filter((to) => to !== status && canTransition(status, to, 'agent'));

  const submit = (setStatus?: TicketStatus) => {
    if (isPending || uploading) return;
    if (!body.trim()) {
      setPreview(false);
      setErrors({ body: [t('required')] });
      bodyRef.current?.focus();
      return;
    }
    const key = (keys.current[mode] ??= newIdempotencyKey());
    const input = {
      body,
      attachmentTokens: uploads.flatMap((item) => (item.status === 'done' && item.token ? [item.token] : [])),
      idempotencyKey: key,
    };
    const sentMode = mode;
    const post = sentMode === 'note' ? () => actions.note(input) : () => actions.reply({ ...input, expectedVersion: version, setStatus });
    form.send(post, {
      onSuccess: () => {
        keys.current[sentMode] = null;
        setDrafts((current) => ({ ...current, [sentMode]: '' }));
        setPreview(false);
        setUploads([]);
        setConflict(null);
        toast(sentMode === 'note' ? t('noteSaved') : setStatus ? t('sentAndSet', { status: ts(setStatus) }) : t('sent'));
      },
      onFailure: ({ detail }) => {
        if (!detail) return;
        // The same draft may go out again once the agent has looked: a new key, since nothing was written.
        keys.current[sentMode] = null;
        setConflict(detail.message);
      },
    });
  };

  const insertAtCursor = (text: string) => {
    const textarea = bodyRef.current;
    const start = textarea?.selectionStart ?? body.length;
    const end = textarea?.selectionEnd ?? body.length;
    const next = (body.slice(0, start) + text + body.slice(end)).slice(0, LIMITS.reply);
    setDrafts((current) => ({ ...current, [mode]: next }));
    if (errors.body) setErrors(({ body: _body, ...rest }) => rest);
    // After React has written the new value: caret right after the inserted text, ready to edit it.
    requestAnimationFrame(() => {
      textarea?.focus();
      const caret = Math.min(start + text.length, next.length);
      textarea?.setSelectionRange(caret, caret);
    });
  };

  /** Puts Markdown marks around the selection (or a placeholder), keeping the selected text selected. */
  const wrapSelection = (before: string, after: string, placeholder: string) => {
    const textarea = bodyRef.current;
    const start = textarea?.selectionStart ?? body.length;
    const end = textarea?.selectionEnd ?? body.length;
    const selected = body.slice(start, end) || placeholder;
    const next = (body.slice(0, start) + before + selected + after + body.slice(end)).slice(0, LIMITS.reply);
    setDrafts((current) => ({ ...current, [mode]: next }));
    if (errors.body) setErrors(({ body: _body, ...rest }) => rest);
    requestAnimationFrame(() => {
      textarea?.focus();
      textarea?.setSelectionRange(start + before.length, start + before.length + selected.length);
    });
  };

  /** Starts each selected line (or the current one) with `prefix`. */
  const prefixLines = (prefix: string) => {
    const textarea = bodyRef.current;
    const start = textarea?.selectionStart ?? body.length;
    const end = textarea?.selectionEnd ?? body.length;
    const lineStart = body.lastIndexOf('\n', start - 1) + 1;
    const block = body.slice(lineStart, end);
    const prefixed = block
      .split('\n')
      .map((line) => (line.startsWith(prefix) ? line : prefix + line))
      .join('\n');
    const next = (body.slice(0, lineStart) + prefixed + body.slice(end)).slice(0, LIMITS.reply);
    setDrafts((current) => ({ ...current, [mode]: next }));
    requestAnimationFrame(() => {
      textarea?.focus();
      const caret = lineStart + prefixed.length;
      textarea?.setSelectionRange(caret, caret);
    });
  };

  type FormatKey = 'bold' | 'italic' | 'list' | 'link' | 'code' | 'codeBlock';
  const toolbar: { key: FormatKey; icon: typeof Bold }[] = [
    { key: 'bold', icon: Bold },
    { key: 'italic', icon: Italic },
    { key: 'list', icon: List },
    { key: 'link', icon: Link2 },
    { key: 'code', icon: Code },
    { key: 'codeBlock', icon: SquareCode },
  ];
  const applyFormat = (key: FormatKey) => {
    switch (key) {
      case 'bold':
        return wrapSelection('**', '**', tf('bold').toLowerCase());
      case 'italic':
        return wrapSelection('_', '_', tf('italic').toLowerCase());
      case 'list':
        return prefixLines('- ');
      case 'link':
        return wrapSelection('[', '](https://)', tf('linkText'));
      case 'code':
        return wrapSelection('`', '`', tf('code').toLowerCase());
      case 'codeBlock':
        return wrapSelection('\n```\n', '\n```\n', tf('code').toLowerCase());
    }
  };

  const tabClass = (active: boolean, note: boolean) =>
    cn(
      'inline-flex h-10 items-center gap-2 rounded-t-lg border-b-2 px-3 text-sm font-semibold transition-colors',
      active
        ? note
          ? 'border-amber-500 text-amber-900'
          : 'border-brand-600 text-brand-700'
        : 'border-transparent text-slate-500 hover:text-slate-800',
    );

  return (
    <section
      aria-label={t('label')}
      data-testid="composer"
      data-mode={mode}
      className={cn('rounded-xl border bg-white shadow-xs', isNote ? 'border-amber-300 ring-1 ring-amber-200' : 'border-slate-200')}
    >
      <div role="tablist" aria-label={t('label')} className="flex gap-1 border-b border-slate-200 px-3 pt-1">
        <button type="button" role="tab" aria-selected={!isNote} onClick={() => setMode('reply')} className={tabClass(!isNote, false)}>
          <MessageSquareText aria-hidden="true" className="size-4" />
          {t('tabs.reply')}
        </button>
        <button type="button" role="tab" aria-selected={isNote} onClick={() => setMode('note')} className={tabClass(isNote, true)}>
          <StickyNote aria-hidden="true" className="size-4" />
          {t('tabs.note')}
        </button>
      </div>
      <div className={cn('space-y-3 p-3 sm:p-4', isNote ? 'bg-amber-50/60' : null)}>
        {conflict ? <ConflictNotice message={conflict} onDismiss={() => setConflict(null)} /> : null}
        {formError ? (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
            {formError}
          </p>
        ) : null}
        <p className={cn('flex items-center gap-1.5 text-xs', isNote ? 'font-medium text-amber-900' : 'text-slate-500')}>
          {isNote ? <Lock aria-hidden="true" className="size-3.5" /> : null}
          {isNote ? t('noteHint') : t('replyHint')}
        </p>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <div role="toolbar" aria-label={tf('toolbar')} aria-controls="composer-body" className="flex flex-wrap items-center gap-0.5">
            {toolbar.map(({ key, icon: Icon }) => (
              <button
                key={key}
                type="button"
                title={tf(key)}
                aria-label={tf(key)}
                disabled={preview}
                onClick={() => applyFormat(key)}
                className="inline-flex size-9 items-center justify-center rounded-lg text-slate-600 hover:bg-slate-200/70 hover:text-slate-900 disabled:opacity-40 disabled:hover:bg-transparent"
              >
                <Icon aria-hidden="true" className="size-4" />
              </button>
            ))}
          </div>
          <button
            type="button"
            aria-pressed={preview}
            onClick={() => setPreview((open) => !open)}
            className="inline-flex h-9 items-center gap-1.5 rounded-lg px-2 text-sm font-medium text-slate-700 hover:bg-slate-200/70"
          >
            {preview ? <Pencil aria-hidden="true" className="size-4" /> : <Eye aria-hidden="true" className="size-4" />}
            {preview ? tf('edit') : tf('preview')}
          </button>
        </div>
        <div hidden={preview}>
          <label htmlFor="composer-body" className="sr-only">
            {isNote ? t('tabs.note') : t('tabs.reply')}
          </label>
          <textarea
            id="composer-body"
            ref={bodyRef}
            rows={5}
            value={body}
            maxLength={LIMITS.reply}
            aria-invalid={errors.body ? true : undefined}
            aria-describedby={errors.body ? 'composer-body-error' : undefined}
            placeholder={isNote ? t('notePlaceholder') : t('replyPlaceholder')}
            onChange={(event) => {
              const value = event.target.value;
              setDrafts((current) => ({ ...current, [mode]: value }));
              if (errors.body) setErrors(({ body: _body, ...rest }) => rest);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                submit();
              }
            }}
            className={cn(
              'block min-h-32 w-full resize-y rounded-lg border bg-white px-3 py-2.5 text-base leading-relaxed text-slate-900 shadow-xs field-sizing-content placeholder:text-slate-400 focus-visible:outline-2 focus-visible:outline-offset-0 sm:text-sm',
              isNote
                ? 'focus-visible:border-amber-500 focus-visible:outline-amber-500/30'
                : 'focus-visible:border-brand-600 focus-visible:outline-brand-600/30',
              errors.body ? 'border-red-500' : isNote ? 'border-amber-300' : 'border-slate-300',
            )}
          />
          <p className="mt-1 text-xs text-slate-500">
            <code className="font-mono">{tf('hint')}</code>
          </p>
        </div>
        {preview ? (
          <div
            role="region"
            aria-label={tf('previewLabel')}
            data-testid="composer-preview"
            className="min-h-32 rounded-lg border border-dashed border-slate-300 bg-white px-3 py-2.5 text-sm leading-relaxed text-slate-800"
          >
            {body.trim() ? (
              // Safe by construction (raw HTML escaped, only http(s)/mailto links): src/server/markdown/marked.ts.
              <div className={MARKDOWN_CLASSES} dangerouslySetInnerHTML={{ __html: renderMarkdownPreviewHtml(body) }} />
            ) : (
              <p className="text-slate-500">{tf('previewEmpty')}</p>
            )}
          </div>
        ) : null}
        <FieldError id="composer-body-error" messages={errors.body} />
        <div id="composer-files" hidden={!(filesOpen || uploads.length > 0 || errors.attachmentTokens)}>
          <AttachmentUploader
            inputId="composer-attachments"
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
      <div className="flex flex-col gap-2 rounded-b-xl border-t border-slate-200 bg-slate-50 px-3 py-3 sm:flex-row sm:items-center sm:justify-between sm:px-4">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <button
            type="button"
            aria-expanded={filesOpen || uploads.length > 0}
            aria-controls="composer-files"
            onClick={() => setFilesOpen((open) => !open)}
            className="inline-flex h-9 items-center gap-1.5 rounded-lg px-2 text-sm font-medium text-slate-700 hover:bg-slate-200/70"
          >
            <Paperclip aria-hidden="true" className="size-4" />
            {t('attach')}
            {uploads.length ? <span className="rounded-full bg-slate-200 px-1.5 text-xs tabular-nums">{uploads.length}</span> : null}
          </button>
          <CannedPicker actions={canned} onInsert={insertAtCursor} />
          <p className="text-xs text-slate-500 tabular-nums" aria-live="polite">
            {uploading ? (
              <span className="font-medium text-amber-800">{t('waitForUploads')}</span>
            ) : (
              t('characters', { count: body.length, max: LIMITS.reply })
            )}
          </p>
        </div>
        <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:justify-end">
          {isNote ? (
            <Button
              type="button"
              onClick={() => submit()}
              disabled={isPending || uploading}
              variant="custom"
              className="bg-amber-700 text-white shadow-xs hover:bg-amber-800 active:bg-amber-900 disabled:hover:bg-amber-700"
            >
              {isPending ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : <StickyNote aria-hidden="true" />}
              {isPending ? t('sending') : t('saveNote')}
            </Button>
          ) : (
            <>
              {sendAndSet.map((to) => (
                <Button key={to} type="button" variant="secondary" onClick={() => submit(to)} disabled={isPending || uploading}>
                  {t('sendAnd', { status: ts(to) })}
                </Button>
              ))}
              <Button type="button" onClick={() => submit()} disabled={isPending || uploading}>
                {isPending ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : <Send aria-hidden="true" />}
                {isPending ? t('sending') : t('send')}
              </Button>
            </>
          )}
        </div>
      </div>
    </section>
  );
}
