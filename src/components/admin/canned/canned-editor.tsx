'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { ChevronLeft, Eye, Save } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { fillPlaceholders, PLACEHOLDERS, unknownPlaceholders, type PlaceholderName } from '@/server/canned/placeholders';
import { CANNED_LIMITS, CANNED_LOCALES, cannedResponseSchema, type CannedResponseInput } from '@/server/canned/schemas';
import { TICKET_CATEGORIES, type TicketCategory } from '@/server/tickets/schemas';
import { useToast } from '@/components/ui/toast';
import { useActionForm } from '@/components/ui/use-action-form';
import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input, Select, Textarea } from '@/components/ui/input';
import { AGENT_PATHS } from '@/server/links';

const DESCRIPTION_KEY: Record<PlaceholderName, string> = {
  'klient.imie': 'customerFirstName',
  'klient.nazwa': 'customerName',
  'zgloszenie.numer': 'ticketNumber',
  'zgloszenie.temat': 'ticketSubject',
  'agent.imie': 'agentFirstName',
  'firma.nazwa': 'companyName',
};

const SAMPLE_NUMBER = 'VCH-10042';

export interface CannedEditorValues {
  title: string;
  body: string;
  locale: 'pl' | 'en' | null;
  category: TicketCategory | null;
  active: boolean;
}

/**
 * Create or edit a canned response: the placeholder list inserts at the cursor, the preview fills them with
 * sample details as you type, and unknown placeholders are named before the server is even asked.
 */
export function CannedEditor({
  action,
  id,
  initial,
  agentName,
}: {
  /** The page's save action: a new response when `id` is null. */
  action: (id: string | null, input: CannedResponseInput) => Promise<ActionResult<{ id: string }>>;
  id: string | null;
  initial: CannedEditorValues;
  agentName: string | null;
}) {
  const t = useTranslations('adminCanned');
  const tc = useTranslations('ticket.category');
  const router = useRouter();
  const toast = useToast();
  const [values, setValues] = useState<CannedEditorValues>(initial);
  const form = useActionForm((input: CannedResponseInput) => action(id, input));
  const { fieldErrors: errors, setFieldErrors: setErrors, formError, isPending } = form;
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const translateKey = t as unknown as (key: string) => string;

  const unknown = unknownPlaceholders(values.body);
  const unknownMessage = unknown.length
    ? t('errors.unknownPlaceholders', { count: unknown.length, names: unknown.map((n) => `{{${n}}}`).join(', ') })
    : null;
  const bodyErrors = unknownMessage ? [unknownMessage] : errors.body;

  const set = <K extends keyof CannedEditorValues>(key: K, value: CannedEditorValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors(({ [key]: _gone, ...rest }) => rest);
  };

  const insert = (name: PlaceholderName) => {
    const textarea = bodyRef.current;
    const token = `{{${name}}}`;
    const start = textarea?.selectionStart ?? values.body.length;
    const end = textarea?.selectionEnd ?? values.body.length;
    set('body', values.body.slice(0, start) + token + values.body.slice(end));
    requestAnimationFrame(() => {
      textarea?.focus();
      textarea?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const preview = fillPlaceholders(values.body, {
    'klient.imie': t('sample.customer').split(' ')[0],
    'klient.nazwa': t('sample.customer'),
    'zgloszenie.numer': SAMPLE_NUMBER,
    'zgloszenie.temat': t('sample.subject'),
    'agent.imie': (agentName ?? t('sample.agent')).split(' ')[0],
    'firma.nazwa': t('sample.company'),
  });

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const input: CannedResponseInput = values;
    const parsed = cannedResponseSchema.safeParse(input);
    if (!parsed.success || unknownMessage) {
      if (parsed.success) setErrors({});
      else form.showInvalid(parsed.error);
      const titleInvalid = !parsed.success && parsed.error.issues.some((issue) => issue.path[0] === 'title');
      document.getElementById(titleInvalid ? 'canned-title' : 'canned-body')?.focus();
      return;
    }
    form.send(input, {
      onSuccess: () => {
        if (id === null) router.push(AGENT_PATHS.canned);
        else toast(t('saved'));
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate className="mt-5" data-testid="canned-editor">
      <Link
        href={AGENT_PATHS.canned}
        className="-ml-2 inline-flex h-9 items-center gap-1 rounded-lg px-2 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900"
      >
        <ChevronLeft aria-hidden="true" className="size-4" />
        {t('back')}
      </Link>
      <h2 className="mt-2 text-lg font-semibold tracking-tight text-slate-900">{id ? t('editTitle') : t('newTitle')}</h2>
      {formError ? (
        <Alert tone="error" role="alert" className="mt-4">
          {formError}
        </Alert>
      ) : null}
      <div className="mt-4 grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_20rem] lg:items-start">
        <Card className="space-y-5 p-4 sm:p-5">
          <Field id="canned-title" label={t('titleLabel')} hint={t('titleHint')} errors={errors.title} required>
            {(control) => (
              <Input {...control} value={values.title} maxLength={CANNED_LIMITS.title} onChange={(e) => set('title', e.target.value)} />
            )}
          </Field>
          <Field id="canned-body" label={t('bodyLabel')} errors={bodyErrors} required>
            {(control) => (
              <Textarea
                {...control}
                ref={bodyRef}
                rows={8}
                value={values.body}
                maxLength={CANNED_LIMITS.body}
                onChange={(e) => set('body', e.target.value)}
              />
            )}
          </Field>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <Field id="canned-locale" label={t('language')} hint={t('languageHint')}>
              {(control) => (
                <Select
                  {...control}
                  value={values.locale ?? ''}
                  onChange={(e) => set('locale', (e.target.value || null) as CannedEditorValues['locale'])}
                >
                  <option value="">{t('anyLanguage')}</option>
                  {CANNED_LOCALES.map((locale) => (
                    <option key={locale} value={locale}>
                      {t(`languages.${locale}`)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field id="canned-category" label={t('category')} hint={t('categoryHint')}>
              {(control) => (
                <Select
                  {...control}
                  value={values.category ?? ''}
                  onChange={(e) => set('category', (e.target.value || null) as TicketCategory | null)}
                >
                  <option value="">{t('anyCategory')}</option>
                  {TICKET_CATEGORIES.map((category) => (
                    <option key={category} value={category}>
                      {tc(category)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          </div>
          <label className="flex min-h-11 cursor-pointer items-center gap-3 text-sm font-medium text-slate-800">
            <input
              type="checkbox"
              checked={values.active}
              onChange={(e) => set('active', e.target.checked)}
              className="size-5 rounded border-slate-300 accent-brand-600"
            />
            {t('activeLabel')}
          </label>
          <div className="flex justify-end border-t border-slate-100 pt-4">
            <SubmitButton pending={isPending} icon={<Save aria-hidden="true" />}>
              {isPending ? t('saving') : id ? t('save') : t('create')}
            </SubmitButton>
          </div>
        </Card>
        <div className="space-y-4">
          <Card className="p-4 sm:p-5">
            <h3 className="text-sm font-semibold text-slate-900">{t('placeholders')}</h3>
            <p className="mt-1 text-xs text-slate-500">{t('placeholdersHint', { alias: '{{customer.firstName}}' })}</p>
            <ul className="mt-3 space-y-1.5" data-testid="placeholder-list">
              {PLACEHOLDERS.map(({ name, aliases }) => (
                <li key={name}>
                  <button
                    type="button"
                    onClick={() => insert(name)}
                    aria-label={t('insertPlaceholder', { name: `{{${name}}}` })}
                    title={aliases.map((a) => `{{${a}}}`).join(', ')}
                    className="flex w-full flex-col items-start rounded-lg px-2.5 py-2 text-left ring-1 ring-slate-200 hover:bg-brand-50 hover:ring-brand-300 focus-visible:outline-2 focus-visible:outline-brand-600"
                  >
                    <code className="font-mono text-xs font-semibold text-brand-700">{`{{${name}}}`}</code>
                    <span className="text-xs text-slate-600">{translateKey(`placeholder.${DESCRIPTION_KEY[name]}`)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </Card>
          <Card className="p-4 sm:p-5">
            <h3 className="flex items-center gap-1.5 text-sm font-semibold text-slate-900">
              <Eye aria-hidden="true" className="size-4 text-slate-500" />
              {t('preview')}
            </h3>
            <p className="mt-1 text-xs text-slate-500">
              {t('previewHint', { customer: t('sample.customer'), company: t('sample.company'), number: SAMPLE_NUMBER })}
            </p>
            <div
              className="mt-3 rounded-lg bg-slate-50 p-3 text-sm leading-relaxed break-words whitespace-pre-wrap text-slate-800 ring-1 ring-slate-200"
              data-testid="canned-preview"
              aria-live="polite"
            >
              {preview.trim() ? preview : <span className="text-slate-500 italic">{t('previewEmpty')}</span>}
            </div>
          </Card>
        </div>
      </div>
    </form>
  );
}
