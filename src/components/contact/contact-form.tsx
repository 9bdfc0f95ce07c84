'use client';

import dynamic from 'next/dynamic';
import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { Send } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import type { ContactCategory } from '@/server/categories/settings';
import { LIMITS, type PLANS, type TicketCategory } from '@/server/tickets/constants';
import type { ContactFormInput } from '@/server/tickets/schemas';
import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { PrivacyNotice } from './privacy-notice';
import { Card } from '@/components/ui/card';
import { Field, FieldError } from '@/components/ui/field';
import { Input, Textarea } from '@/components/ui/input';
import type { UploadItem, UploadLimits } from '@/components/ui/attachment-uploader';
import { DeferredAttachmentUploader } from '@/components/ui/deferred-attachment-uploader';
import { newIdempotencyKey } from '@/lib/idempotency';
import { CategoryPicker } from './category-picker';
import { ENVIRONMENT_FIELDS, readEnvironment, subscribeNever, type EnvironmentField, type EnvironmentValues } from './detect-environment';
import { markFormHydrated, replayEarlyPresses, takeEarlyFiles } from './early-form';
import { EnvironmentPanel } from './environment-panel';
import { ErrorSummary, type SummaryEntry } from './error-summary';
import {
  buildDraft,
  fieldId,
  forgetOpenedAt,
  initialValues,
  readOpenedAt,
  sortPaths,
  valuesFromDom,
  visibleSections,
  withoutErrors,
  type ContactFormValues,
} from './form-model';
import { IdentifiersEditor } from './identifiers-editor';
import { PriorityPicker } from './priority-picker';
import { ReproStepsEditor } from './repro-steps-editor';
import type { FiledTicket } from './ticket-confirmation';
import { useActionForm } from '@/components/ui/use-action-form';
import { useTranslateKey } from '@/components/ui/use-translate-key';

/**
 * The shared schema (zod, ≈ 30 kB gzip) is not needed to show the form, only to check it: it loads on the first
 * focus or pointer press in the form, and a submit waits for it if it is not there yet. The server action checks
 * the same schema.
 */
/** The confirmation replaces the form once a ticket is filed; its code loads while the ticket is being sent. */
const loadConfirmation = () => import('./ticket-confirmation');
const TicketConfirmation = dynamic(() => loadConfirmation().then((module) => module.TicketConfirmation));

let schemaModule: Promise<typeof import('@/server/tickets/schemas')> | undefined;
function loadSchema() {
  if (!schemaModule) {
    schemaModule = import('@/server/tickets/schemas');
    // A failed load (offline for a moment) is tried again by the next submit.
    schemaModule.catch(() => {
      schemaModule = undefined;
    });
  }
  return schemaModule;
}

export interface SignedInReporter {
  name: string | null;
  email: string;
  company: { name: string; plan: (typeof PLANS)[number] } | null;
}

export interface ContactFormProps {
  /** Null for guests, who give their name and e-mail in the form. */
  reporter: SignedInReporter | null;
  uploadLimits: UploadLimits;
  /** The categories to offer, in order, with admin-configured texts (/agent/admin/kategorie); all by default. */
  categories?: ContactCategory[];
  /** The page's server action that files the ticket. */
  action: (input: ContactFormInput) => Promise<ActionResult<FiledTicket>>;
  /** The privacy notice linked above the send button (PRIVACY_NOTICE_URL). */
  privacyNoticeUrl?: string;
  /** Told the subject and "what happened" as they are typed (the knowledge base's suggestions listen). */
  onDescriptionChange?: (text: string) => void;
  /** Shown right under the subject, e.g. suggested articles (src/components/kb/contact-suggestions.tsx). */
  suggestions?: ReactNode;
}

const EMPTY_ENVIRONMENT: EnvironmentValues = { browser: '', os: '', screen: '', timeZone: '', language: '', pageUrl: '', userAgent: '' };

/** The ticket form and, once sent, its confirmation; "send another" starts a fresh form (new idempotency key). */
export function ContactForm(props: ContactFormProps) {
  const [ticket, setTicket] = useState<FiledTicket | null>(null);
  const [generation, setGeneration] = useState(0);
  if (ticket) {
    return (
      <TicketConfirmation
        ticket={ticket}
        onAnother={() => {
          forgetOpenedAt();
          setTicket(null);
          setGeneration((n) => n + 1);
        }}
      />
    );
  }
  return <TicketForm key={generation} {...props} focusOnMount={generation > 0} onFiled={setTicket} />;
}

/** A titled block of the form; without a title its content (e.g. a fieldset's legend) heads it. */
function Section({ title, description, children }: { title?: string; description?: ReactNode; children: ReactNode }) {
  return (
    <section className="border-t border-slate-200 px-5 py-6 first:border-t-0 sm:px-8 sm:py-7">
      {title ? <h3 className="text-base font-semibold text-slate-900">{title}</h3> : null}
      {description ? <p className="mt-1 text-sm text-slate-600">{description}</p> : null}
      <div className={title ? 'mt-4 space-y-5' : 'space-y-5'}>{children}</div>
    </section>
  );
}

function TicketForm({
  reporter,
  uploadLimits,
  categories,
  action,
  privacyNoticeUrl,
  focusOnMount,
  onFiled,
  onDescriptionChange,
  suggestions,
}: ContactFormProps & { focusOnMount: boolean; onFiled: (ticket: FiledTicket) => void }) {
  const t = useTranslations('ticketForm');
  const tc = useTranslations('common');
  const translateKey = useTranslateKey();
  const isGuest = reporter === null;

  const [values, setValues] = useState<ContactFormValues>(initialValues);
  const [uploads, setUploads] = useState<UploadItem[]>([]);
  const form = useActionForm(action);
  const { fieldErrors: errors, setFieldErrors: setErrors, formError, isPending } = form;
  const [focusRequest, setFocusRequest] = useState(0);
  const idempotencyKey = useRef<string | null>(null);
  const inFlight = useRef(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const bannerRef = useRef<HTMLDivElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const [adopted, setAdopted] = useState(false);

  // Browser-only facts: null/'' during server rendering, filled in right after hydration.
  const detected = useSyncExternalStore(subscribeNever, readEnvironment, () => null);
  const suggestedOccurredAt = useSyncExternalStore(subscribeNever, readOpenedAt, () => '');

  const shown = visibleSections(values.category);
  const uploading = uploads.some((item) => item.status === 'uploading');
  const environment: EnvironmentValues = { ...EMPTY_ENVIRONMENT, ...detected, ...values.environmentEdits };
  const errorsAt = (path: string) => errors[path];
  const groupErrors = (prefix: string) => {
    const messages = Object.entries(errors).flatMap(([path, list]) => (path === prefix || path.startsWith(`${prefix}.`) ? list : []));
    return messages.length ? messages : undefined;
  };

  useEffect(() => {
    if (focusOnMount) headingRef.current?.focus();
  }, [focusOnMount]);

  // Hydrated (deferred-contact-form.tsx): what was typed or chosen before becomes the form's state before anything
  // renders over it, then the buttons pressed meanwhile are pressed again, with their handlers in place now.
  useLayoutEffect(() => {
    markFormHydrated();
    const early = formRef.current ? valuesFromDom(formRef.current, initialValues()) : null;
    if (early) setValues((v) => ({ ...v, ...early }));
    setAdopted(true);
  }, []);
  useEffect(() => {
    if (adopted) replayEarlyPresses();
  }, [adopted]);

  useEffect(() => {
    onDescriptionChange?.(`${values.subject}\n${values.actual}`);
  }, [values.subject, values.actual, onDescriptionChange]);

  // After a refused submit, focus goes to what explains it: the form-level banner, else the error summary, whose
  // links lead to each field. Either is an alert, so it is also announced.
  useEffect(() => {
    if (!focusRequest) return;
    const target = bannerRef.current ?? summaryRef.current;
    target?.focus({ preventScroll: true });
    target?.scrollIntoView({ block: 'start' });
  }, [focusRequest]);

  const update = <K extends keyof ContactFormValues>(key: K, value: ContactFormValues[K], errorPath: string = key) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => (e[errorPath] ? withoutErrors(e, errorPath) : e));
  };

  const editEnvironment = (field: EnvironmentField, value: string) => {
    setValues((v) => ({ ...v, environmentEdits: { ...v.environmentEdits, [field]: value } }));
    setErrors((e) => withoutErrors(e, `environment.${field}`));
  };

  const label = (path: string): string => {
    const [head, index, leaf] = path.split('.');
    const number = Number(index) + 1;
    switch (head) {
      case 'reporter':
        return index === 'email' ? t('reporter.email') : t('reporter.name');
      case 'category':
        return t('sections.category');
      case 'subject':
      case 'attempted':
      case 'expected':
      case 'errorMessage':
      case 'occurredAt':
        return t(`${head}.label`);
      case 'actual':
        return values.category === 'SUGGESTION' ? t('actual.suggestionLabel') : t('actual.label');
      case 'reproSteps':
        return index === undefined ? t('reproSteps.legend') : t('reproSteps.step', { number });
      case 'identifiers':
        if (index === undefined) return t('identifiers.legend');
        return `${leaf === 'kind' ? t('identifiers.kind') : t('identifiers.value')} ${t('identifiers.row', { number })}`;
      case 'priority':
        return t('priority.legend');
      case 'attachmentTokens':
        return t('attachments.legend');
      case 'environment': {
        const field = ENVIRONMENT_FIELDS.find((f) => f === index);
        return field ? t(`environment.${field}`) : t('sections.environment');
      }
      default:
        return t('title');
    }
  };

  // Where a summary link and the first-error focus go for a path.
  const targetOf = (path: string) => (path.startsWith('attachmentTokens') ? 'attachmentTokens' : path);

  const summary: SummaryEntry[] = [];
  const seen = new Set<string>();
  for (const path of sortPaths(Object.keys(errors))) {
    const target = targetOf(path);
    const messages = errors[path] ?? [];
    const existing = seen.has(target) ? summary.find((entry) => entry.path === target) : undefined;
    if (existing) existing.messages.push(...messages);
    else summary.push({ path: target, label: label(path), messages: [...messages] });
    seen.add(target);
  }

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (inFlight.current || uploading) return;
    inFlight.current = true;

    const draft = buildDraft(values, {
      isGuest,
      environment: detected,
      defaultOccurredAt: suggestedOccurredAt,
      attachmentTokens: uploads.flatMap((item) => (item.status === 'done' && item.token ? [item.token] : [])),
    });
    // A file the checks refused stays listed with its reason: sending would silently leave it off, so the customer
    // decides first (remove it, or attach a fixed one).
    const refused = uploads.filter((item) => item.status === 'error');
    loadSchema().then(
      ({ contactFormSchema }) => {
        const parsed = contactFormSchema.safeParse(draft);
        if (!parsed.success || refused.length) {
          inFlight.current = false;
          if (!parsed.success) form.showInvalid(parsed.error);
          if (refused.length) {
            const message = t('attachments.refusedListed', {
              count: refused.length,
              names: refused.map((item) => item.file.name).join(', '),
            });
            setErrors((e) => ({ ...e, attachmentTokens: [message] }));
          }
          setFocusRequest((n) => n + 1);
          return;
        }

        void loadConfirmation().catch(() => undefined);
        idempotencyKey.current ??= newIdempotencyKey();
        const input: ContactFormInput = {
          ...draft,
          category: parsed.data.category,
          idempotencyKey: idempotencyKey.current,
          website: values.website,
        };
        form.send(input, {
          onSuccess: (result) => onFiled(result.data),
          onFailure: () => setFocusRequest((n) => n + 1),
          onSettled: () => {
            inFlight.current = false;
          },
        });
      },
      () => {
        // The checks could not be loaded (the network dropped): nothing typed is lost, the next submit tries again.
        inFlight.current = false;
        form.setFormError(translateKey('errors.tryAgain'));
        setFocusRequest((n) => n + 1);
      },
    );
  };

  const attemptedField = (
    <Field id={fieldId('attempted')} label={t('attempted.label')} errors={errorsAt('attempted')}>
      {(control) => (
        <Textarea
          {...control}
          rows={2}
          look="compact"
          placeholder={t('attempted.placeholder')}
          value={values.attempted}
          onChange={(e) => update('attempted', e.target.value)}
        />
      )}
    </Field>
  );

  return (
    <Card>
      <div className="px-5 pt-6 sm:px-8 sm:pt-8">
        <h2
          id="ticket-form-title"
          ref={headingRef}
          tabIndex={-1}
          className="text-xl font-semibold tracking-tight text-slate-900 focus:outline-none"
        >
          {t('title')}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{t('lead')}</p>
        <p className="mt-2 text-xs text-slate-500">
          {tc.rich('requiredNote', { star: (chunks) => <span className="text-red-600">{chunks}</span> })}
        </p>
        <div className="space-y-3 empty:hidden [&:not(:empty)]:mt-5">
          {formError ? (
            <Alert ref={bannerRef} tone="error" role="alert" tabIndex={-1} title={t('formErrorTitle')} className="focus:outline-none">
              {formError}
            </Alert>
          ) : null}
          <ErrorSummary ref={summaryRef} entries={summary} />
        </div>
      </div>

      <form
        ref={formRef}
        noValidate
        onSubmit={submit}
        onFocus={() => void loadSchema()}
        onPointerDown={() => void loadSchema()}
        aria-labelledby="ticket-form-title"
        className="mt-2"
      >
        {isGuest ? (
          <Section title={t('sections.reporter')}>
            <div className="grid gap-5 sm:grid-cols-2">
              <Field id={fieldId('reporter.name')} label={t('reporter.name')} required errors={errorsAt('reporter.name')}>
                {(control) => (
                  <Input
                    {...control}
                    autoComplete="name"
                    value={values.name}
                    onChange={(e) => update('name', e.target.value, 'reporter.name')}
                  />
                )}
              </Field>
              <Field
                id={fieldId('reporter.email')}
                label={t('reporter.email')}
                required
                errors={errorsAt('reporter.email')}
                hint={t('reporter.emailHint')}
              >
                {(control) => (
                  <Input
                    {...control}
                    type="email"
                    inputMode="email"
                    autoComplete="email"
                    spellCheck={false}
                    value={values.email}
                    onChange={(e) => update('email', e.target.value, 'reporter.email')}
                  />
                )}
              </Field>
            </div>
          </Section>
        ) : (
          <Section>
            <ReporterCard reporter={reporter} />
          </Section>
        )}

        <Section>
          <CategoryPicker
            options={categories}
            value={values.category}
            onChange={(category: TicketCategory) => update('category', category)}
            errors={errorsAt('category')}
          />
        </Section>

        <Section title={values.category === 'SUGGESTION' ? t('sections.suggestion') : t('sections.description')}>
          <Field
            id={fieldId('subject')}
            label={t('subject.label')}
            required
            errors={errorsAt('subject')}
            hint={values.category === 'SUGGESTION' ? t('subject.suggestionHint') : t('subject.hint')}
            aside={
              <span
                className={
                  values.subject.length > LIMITS.subject.max ? 'text-xs text-red-700 tabular-nums' : 'text-xs text-slate-500 tabular-nums'
                }
              >
                {t('characters', { count: values.subject.length, max: LIMITS.subject.max })}
              </span>
            }
          >
            {(control) => <Input {...control} value={values.subject} onChange={(e) => update('subject', e.target.value)} />}
          </Field>
          {suggestions}
          {shown.attemptedAndExpected ? attemptedField : null}
          <Field
            id={fieldId('actual')}
            label={values.category === 'SUGGESTION' ? t('actual.suggestionLabel') : t('actual.label')}
            required
            errors={errorsAt('actual')}
          >
            {(control) => (
              <Textarea
                {...control}
                rows={4}
                placeholder={values.category === 'SUGGESTION' ? t('actual.suggestionPlaceholder') : t('actual.placeholder')}
                value={values.actual}
                onChange={(e) => update('actual', e.target.value)}
              />
            )}
          </Field>
          {shown.attemptedAndExpected ? (
            <Field id={fieldId('expected')} label={t('expected.label')} errors={errorsAt('expected')}>
              {(control) => (
                <Textarea
                  {...control}
                  rows={2}
                  look="compact"
                  placeholder={t('expected.placeholder')}
                  value={values.expected}
                  onChange={(e) => update('expected', e.target.value)}
                />
              )}
            </Field>
          ) : null}
        </Section>

        {shown.diagnostics ? (
          <Section title={t('sections.diagnostics')}>
            <ReproStepsEditor
              steps={values.reproSteps}
              errorsAt={errorsAt}
              onChange={(reproSteps, edited) => {
                setValues((v) => ({ ...v, reproSteps }));
                setErrors((e) => withoutErrors(e, edited === null ? 'reproSteps' : `reproSteps.${edited}`));
              }}
            />
            <FieldError id="reproSteps-error" messages={errorsAt('reproSteps')} />
            <Field
              id={fieldId('errorMessage')}
              label={t('errorMessage.label')}
              errors={errorsAt('errorMessage')}
              hint={t('errorMessage.hint')}
            >
              {(control) => (
                <Textarea
                  {...control}
                  rows={3}
                  spellCheck={false}
                  autoCapitalize="off"
                  autoCorrect="off"
                  look="custom"
                  className="min-h-24 bg-slate-50 font-mono text-[13px] sm:text-[13px]"
                  value={values.errorMessage}
                  onChange={(e) => update('errorMessage', e.target.value)}
                />
              )}
            </Field>
          </Section>
        ) : null}

        <Section title={t('sections.details')}>
          {shown.occurredAt ? (
            <Field
              id={fieldId('occurredAt')}
              label={t('occurredAt.label')}
              errors={errorsAt('occurredAt')}
              hint={<TimeZoneHint template={t('occurredAt.hint', { timeZone: TIME_ZONE })} zone={detected?.timeZone.split(' ')[0]} />}
            >
              {(control) => (
                <Input
                  {...control}
                  data-early="opened-at"
                  type="datetime-local"
                  className="sm:max-w-xs"
                  value={values.occurredAt ?? suggestedOccurredAt}
                  onChange={(e) => update('occurredAt', e.target.value)}
                />
              )}
            </Field>
          ) : null}
          <PriorityPicker value={values.priority} onChange={(priority) => update('priority', priority)} errors={errorsAt('priority')} />
          <IdentifiersEditor
            rows={values.identifiers}
            errorsAt={errorsAt}
            groupErrors={errorsAt('identifiers')}
            onChange={(identifiers, edited) => {
              setValues((v) => ({ ...v, identifiers }));
              setErrors((e) => withoutErrors(e, edited ?? 'identifiers'));
            }}
          />
        </Section>

        <Section title={t('sections.attachments')} description={t('attachments.intro')}>
          <DeferredAttachmentUploader
            inputId={fieldId('attachmentTokens')}
            items={uploads}
            setItems={(next) => {
              setUploads(next);
              setErrors((e) => withoutErrors(e, 'attachmentTokens'));
            }}
            limits={uploadLimits}
            errors={groupErrors('attachmentTokens')}
            takeEarlyFiles={takeEarlyFiles}
          />
        </Section>

        <Section title={t('sections.environment')} description={t('environment.hint')}>
          <EnvironmentPanel
            values={environment}
            detecting={detected === null}
            onEdit={editEnvironment}
            errorsAt={errorsAt}
            forceOpen={Object.keys(errors).some((path) => path.startsWith('environment.'))}
          />
        </Section>

        {/* Off-screen rather than display:none, which some bots skip; people and assistive technology never reach it. */}
        <div aria-hidden="true" className="absolute -left-[9999px] h-px w-px overflow-hidden">
          <label htmlFor="contact-website">{t('honeypot')}</label>
          <input
            id="contact-website"
            name="website"
            type="text"
            tabIndex={-1}
            autoComplete="off"
            value={values.website}
            onChange={(e) => update('website', e.target.value)}
          />
        </div>

        {privacyNoticeUrl ? <PrivacyNotice url={privacyNoticeUrl} /> : null}
        <div className="flex flex-col gap-3 rounded-b-xl border-t border-slate-200 bg-slate-50 px-5 py-5 sm:flex-row sm:items-center sm:justify-between sm:px-8">
          <p className="text-sm text-slate-600" aria-live="polite">
            {uploading ? <span className="font-medium text-amber-800">{t('waitForUploads')}</span> : t('submitNote')}
          </p>
          <SubmitButton pending={isPending} disabled={uploading} icon={<Send aria-hidden="true" />} size="lg" className="w-full sm:w-auto">
            {isPending ? t('submitting') : t('submit')}
          </SubmitButton>
        </div>
      </form>
    </Card>
  );
}

const TIME_ZONE = '{timeZone}';

/** "Czas w Twojej strefie (Europe/Warsaw)…": the zone is filled in before the form's code has loaded, so hydration finds it there. */
function TimeZoneHint({ template, zone }: { template: string; zone: string | undefined }) {
  const [before, after = ''] = template.split(TIME_ZONE);
  return (
    <>
      {before}
      <span data-early="time-zone" suppressHydrationWarning>
        {zone || '—'}
      </span>
      {after}
    </>
  );
}

function ReporterCard({ reporter }: { reporter: SignedInReporter }) {
  const t = useTranslations('ticketForm.reporter');
  const tc = useTranslations('common');
  const display = reporter.name ?? reporter.email;
  const initials = display
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');
  return (
    <div className="flex items-center gap-3 rounded-xl border border-slate-200 bg-slate-50 p-3.5">
      <span
        aria-hidden="true"
        className="flex size-10 shrink-0 items-center justify-center rounded-full bg-brand-600 text-sm font-semibold text-white"
      >
        {initials}
      </span>
      <div className="min-w-0 text-sm">
        <p className="break-words text-slate-700">
          {t.rich('signedInAs', {
            name: display,
            email: reporter.email,
            strong: (chunks) => <strong className="font-semibold text-slate-900">{chunks}</strong>,
          })}
        </p>
        {reporter.company ? (
          <p className="mt-0.5 text-slate-600">
            {t('company', { company: reporter.company.name, plan: tc(`plans.${reporter.company.plan}`) })}
          </p>
        ) : null}
      </div>
    </div>
  );
}
