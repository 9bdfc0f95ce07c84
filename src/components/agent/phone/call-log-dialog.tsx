'use client';

import { useEffect, useId, useRef, useState } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Building2, PhoneCall, Save, UserPlus, X } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import type { CallerMatch, CallLogPreset } from '@/server/phone/call-log';
import { CALL_DIRECTIONS, callLogSchema, LOG_TARGETS, NOTE_KINDS, type CallLogInput } from '@/server/phone/call-log-schema';
import { CALL_OUTCOMES, type CallOutcome } from '@/server/phone/callback-schemas';
import { useActionForm } from '@/components/ui/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field, FieldError } from '@/components/ui/field';
import { Input, Textarea } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';

type Direction = (typeof CALL_DIRECTIONS)[number];
type Target = (typeof LOG_TARGETS)[number];
type NoteKind = (typeof NOTE_KINDS)[number];

export interface LoggedCallView {
  ticketNumber: number;
  displayNumber: string;
  createdTicket: boolean;
}

const SEARCH_DELAY_MS = 250;

const newKey = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

/**
 * "Zarejestruj rozmowę": one button and a modal <dialog> in which an agent finds the caller (one debounced search
 * field over number, name, e-mail and company, a keyboard-navigable list: ↑ ↓ Enter) or types in a new caller,
 * then direction, duration, outcome and a summary, and saves the call as a new ticket or an entry on one of the
 * caller's open tickets. A failed save keeps everything typed and puts the messages next to the fields.
 */
export function CallLogDialog({
  search,
  log,
  preset,
  openInitially = false,
}: {
  search: (query: string) => Promise<ActionResult<CallerMatch[]>>;
  log: (input: CallLogInput) => Promise<ActionResult<LoggedCallView>>;
  preset?: CallLogPreset | null;
  openInitially?: boolean;
}) {
  const t = useTranslations('phone.log');
  const to = useTranslations('phone.outcome');
  const dialogRef = useRef<HTMLDialogElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const summaryRef = useRef<HTMLTextAreaElement>(null);
  const ids = { title: useId(), description: useId(), list: useId(), status: useId(), form: useId() };
  const [open, setOpen] = useState(openInitially);

  const [query, setQuery] = useState('');
  const [results, setResults] = useState<CallerMatch[]>([]);
  const [searching, setSearching] = useState(false);
  const [searched, setSearched] = useState(false);
  const [active, setActive] = useState(-1);
  const [listOpen, setListOpen] = useState(false);
  const [caller, setCaller] = useState<CallerMatch | null>(preset?.caller ?? null);
  const [newCaller, setNewCaller] = useState<{ name: string; phone: string; email: string } | null>(
    preset?.number && !preset.caller ? { name: '', phone: preset.number, email: '' } : null,
  );
  const [direction, setDirection] = useState<Direction>('INBOUND');
  const [duration, setDuration] = useState('');
  const [outcome, setOutcome] = useState<CallOutcome>('answered');
  const [summary, setSummary] = useState('');
  const [target, setTarget] = useState<Target>(preset?.ticketNumber ? 'existing' : 'new');
  const [topic, setTopic] = useState('');
  const [ticketNumber, setTicketNumber] = useState<number | null>(preset?.ticketNumber ?? null);
  const [noteKind, setNoteKind] = useState<NoteKind>('internal');
  const [idempotencyKey, setIdempotencyKey] = useState(newKey);
  const [saved, setSaved] = useState<LoggedCallView | null>(null);
  const latest = useRef(0);

  const form = useActionForm(log, { schema: callLogSchema });
  const { fieldErrors: errors, formError, isPending } = form;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // showModal focuses the first focusable control (the close button): start where the agent types instead.
      (searchRef.current ?? summaryRef.current)?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  // Debounced search; an answer that arrives after a newer query was typed is dropped.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(timer.current ?? undefined), []);
  const onQuery = (value: string) => {
    setQuery(value);
    setListOpen(true);
    clearTimeout(timer.current ?? undefined);
    const request = ++latest.current;
    const text = value.trim();
    if (text.length < 2) {
      setResults([]);
      setSearched(false);
      setSearching(false);
      return;
    }
    setSearching(true);
    timer.current = setTimeout(() => {
      void search(text)
        .then((result) => {
          if (request !== latest.current) return;
          setResults(result.ok ? result.data : []);
          setActive(result.ok && result.data.length ? 0 : -1);
          setSearched(true);
        })
        .catch(() => {
          if (request === latest.current) setResults([]);
        })
        .finally(() => {
          if (request === latest.current) setSearching(false);
        });
    }, SEARCH_DELAY_MS);
  };

  const openTickets = caller?.openTickets ?? [];
  const canNote = Boolean(caller && openTickets.length);

  const choose = (match: CallerMatch) => {
    setCaller(match);
    setNewCaller(null);
    setListOpen(false);
    form.clearFieldErrors('caller', 'ticketNumber', 'target');
    if (!match.openTickets.some((ticket) => ticket.number === ticketNumber)) setTicketNumber(match.openTickets[0]?.number ?? null);
    if (!match.openTickets.length) setTarget('new');
    requestAnimationFrame(() => summaryRef.current?.focus());
  };

  const startNewCaller = () => {
    const text = query.trim();
    const looksLikeNumber = /^[\d\s()+-]{3,}$/.test(text);
    const looksLikeEmail = text.includes('@');
    setNewCaller({
      name: looksLikeNumber || looksLikeEmail ? '' : text,
      phone: looksLikeNumber ? text : '',
      email: looksLikeEmail ? text : '',
    });
    setCaller(null);
    setTarget('new');
    setListOpen(false);
    form.clearFieldErrors('caller');
  };

  const changeCaller = () => {
    setCaller(null);
    setNewCaller(null);
    requestAnimationFrame(() => searchRef.current?.focus());
  };

  const onSearchKey = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!results.length) return;
      setListOpen(true);
      setActive((current) => {
        const step = event.key === 'ArrowDown' ? 1 : -1;
        return (current + step + results.length) % results.length;
      });
    } else if (event.key === 'Enter') {
      // Enter picks the highlighted caller instead of submitting the form.
      event.preventDefault();
      const match = results[active];
      if (listOpen && match) choose(match);
    } else if (event.key === 'Escape' && listOpen) {
      event.preventDefault();
      setListOpen(false);
    }
  };

  const close = () => {
    setOpen(false);
    requestAnimationFrame(() => triggerRef.current?.focus());
  };

  const reset = () => {
    onQuery('');
    setResults([]);
    setSearched(false);
    setCaller(null);
    setNewCaller(null);
    setDirection('INBOUND');
    setDuration('');
    setOutcome('answered');
    setSummary('');
    setTarget('new');
    setTopic('');
    setTicketNumber(null);
    setNoteKind('internal');
    setIdempotencyKey(newKey());
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (isPending) return;
    const input: CallLogInput = {
      // No caller chosen: the schema's own message ("Wybierz rozmówcę…") is shown by the search field.
      caller: (caller
        ? { kind: 'known', id: caller.id }
        : newCaller
          ? { kind: 'new', name: newCaller.name, phone: newCaller.phone, email: newCaller.email }
          : undefined) as CallLogInput['caller'],
      direction,
      duration,
      outcome,
      summary,
      target,
      topic: target === 'new' && topic.trim() ? topic : undefined,
      ticketNumber: target === 'existing' ? (ticketNumber ?? undefined) : undefined,
      noteKind,
      ctiCallId: preset?.ctiCallId ?? undefined,
      idempotencyKey,
    };
    form.submit(input, {
      onSuccess: (result) => {
        setSaved(result.data);
        reset();
        close();
      },
    });
  };

  const radio = 'size-4 accent-brand-700';
  const radioLabel = 'inline-flex min-h-11 items-center gap-2 text-sm text-slate-800';
  const callerErrors = errors.caller;

  return (
    <div>
      <Button
        ref={triggerRef}
        onClick={() => {
          setSaved(null);
          setOpen(true);
        }}
        data-testid="call-log-open"
      >
        <PhoneCall aria-hidden="true" />
        {t('open')}
      </Button>
      <div role="status" className="mt-2 text-sm">
        {saved ? (
          <p className="text-slate-700">
            {t(saved.createdTicket ? 'savedNew' : 'savedNote', { number: saved.displayNumber })}{' '}
            <Link
              href={`/agent/zgloszenia/${encodeURIComponent(saved.displayNumber)}`}
              className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800"
            >
              {t('openTicket', { number: saved.displayNumber })}
            </Link>
          </p>
        ) : null}
      </div>
      <dialog
        ref={dialogRef}
        aria-labelledby={ids.title}
        aria-describedby={ids.description}
        data-testid="call-log-dialog"
        onClose={() => setOpen(false)}
        onCancel={(event) => {
          event.preventDefault();
          close();
        }}
        className="m-auto max-h-[calc(100dvh-1rem)] w-[calc(100%-1rem)] max-w-2xl overflow-y-auto rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-2xl backdrop:bg-slate-900/40"
      >
        {open ? (
          <form id={ids.form} onSubmit={submit} noValidate>
            <div className="flex items-start justify-between gap-3 border-b border-slate-200 px-4 py-4 sm:px-6">
              <div className="min-w-0">
                <h2 id={ids.title} className="text-lg font-semibold">
                  {t('title')}
                </h2>
                <p id={ids.description} className="mt-0.5 text-sm text-slate-600">
                  {t('description')}
                </p>
              </div>
              <button
                type="button"
                onClick={close}
                className="-m-2 inline-flex size-11 shrink-0 items-center justify-center rounded-lg text-slate-500 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-700"
              >
                <X aria-hidden="true" className="size-4" />
                <span className="sr-only">{t('cancel')}</span>
              </button>
            </div>

            <div className="space-y-5 px-4 py-4 sm:px-6">
              {formError ? (
                <Alert tone="error" role="alert">
                  {formError}
                </Alert>
              ) : null}

              {caller ? (
                <section
                  aria-label={t('chosen')}
                  className="rounded-lg border border-brand-200 bg-brand-50/50 p-3"
                  data-testid="call-log-caller"
                >
                  <p className="text-sm font-medium text-slate-600">{t('chosen')}</p>
                  <CallerSummary caller={caller} noPhone={t('noPhone')} />
                  <Button variant="secondary" className="mt-2" onClick={changeCaller}>
                    {t('change')}
                  </Button>
                </section>
              ) : newCaller ? (
                <fieldset className="rounded-lg border border-slate-200 p-3">
                  <legend className="px-1 text-sm font-medium text-slate-900">{t('newCaller')}</legend>
                  <div className="grid gap-3 sm:grid-cols-2">
                    <Field id="call-log-name" label={t('newName')} errors={errors['caller.name']} required>
                      {(control) => (
                        <Input
                          {...control}
                          autoComplete="off"
                          value={newCaller.name}
                          onChange={(e) => {
                            setNewCaller({ ...newCaller, name: e.target.value });
                            form.clearFieldErrors('caller.name');
                          }}
                        />
                      )}
                    </Field>
                    <Field id="call-log-phone" label={t('newPhone')} errors={errors['caller.phone']} required>
                      {(control) => (
                        <Input
                          {...control}
                          type="tel"
                          autoComplete="off"
                          value={newCaller.phone}
                          onChange={(e) => {
                            setNewCaller({ ...newCaller, phone: e.target.value });
                            form.clearFieldErrors('caller.phone');
                          }}
                        />
                      )}
                    </Field>
                    <Field
                      id="call-log-email"
                      label={t('newEmail')}
                      hint={t('newEmailHint')}
                      errors={errors['caller.email']}
                      className="sm:col-span-2"
                    >
                      {(control) => (
                        <Input
                          {...control}
                          type="email"
                          autoComplete="off"
                          value={newCaller.email}
                          onChange={(e) => {
                            setNewCaller({ ...newCaller, email: e.target.value });
                            form.clearFieldErrors('caller.email');
                          }}
                        />
                      )}
                    </Field>
                  </div>
                  <Button variant="ghost" className="mt-2" onClick={changeCaller}>
                    {t('change')}
                  </Button>
                </fieldset>
              ) : (
                <div>
                  <label htmlFor="call-log-search" className="text-sm font-medium text-slate-900">
                    {t('search')}
                  </label>
                  <p id="call-log-search-hint" className="mt-0.5 text-sm text-slate-500">
                    {t('searchHint')}
                  </p>
                  <div className="relative mt-1.5">
                    <Input
                      ref={searchRef}
                      id="call-log-search"
                      type="search"
                      role="combobox"
                      autoComplete="off"
                      aria-autocomplete="list"
                      aria-expanded={listOpen && results.length > 0}
                      aria-controls={ids.list}
                      aria-activedescendant={listOpen && active >= 0 && results[active] ? `${ids.list}-${active}` : undefined}
                      aria-describedby={['call-log-search-hint', ids.status, callerErrors ? 'call-log-search-error' : '']
                        .filter(Boolean)
                        .join(' ')}
                      aria-invalid={callerErrors ? true : undefined}
                      value={query}
                      onChange={(e) => onQuery(e.target.value)}
                      onKeyDown={onSearchKey}
                      onFocus={() => setListOpen(true)}
                    />
                  </div>
                  <FieldError id="call-log-search-error" messages={callerErrors} />
                  <p id={ids.status} aria-live="polite" className="mt-1.5 text-sm text-slate-500">
                    {searching
                      ? t('searching')
                      : searched
                        ? results.length
                          ? t('results', { count: results.length })
                          : t('noResults')
                        : ''}
                  </p>
                  <ul
                    id={ids.list}
                    role="listbox"
                    aria-label={t('search')}
                    hidden={!listOpen || results.length === 0}
                    className="mt-1 max-h-72 divide-y divide-slate-100 overflow-y-auto rounded-lg border border-slate-200"
                  >
                    {results.map((match, index) => (
                      <li
                        key={match.id}
                        id={`${ids.list}-${index}`}
                        role="option"
                        aria-selected={index === active}
                        data-testid="caller-option"
                        onMouseDown={(event) => event.preventDefault()}
                        onClick={() => choose(match)}
                        onMouseEnter={() => setActive(index)}
                        className={`cursor-pointer px-3 py-2 ${index === active ? 'bg-brand-50' : 'bg-white'}`}
                      >
                        <CallerSummary caller={match} noPhone={t('noPhone')} />
                      </li>
                    ))}
                  </ul>
                  <Button variant="secondary" className="mt-2" onClick={startNewCaller}>
                    <UserPlus aria-hidden="true" />
                    {t('newCaller')}
                  </Button>
                </div>
              )}

              <div className="grid gap-4 sm:grid-cols-2">
                <fieldset>
                  <legend className="text-sm font-medium text-slate-900">{t('direction')}</legend>
                  <div className="mt-1 flex flex-wrap gap-x-4">
                    {CALL_DIRECTIONS.map((value) => (
                      <label key={value} className={radioLabel}>
                        <input
                          type="radio"
                          name="call-log-direction"
                          className={radio}
                          checked={direction === value}
                          onChange={() => setDirection(value)}
                        />
                        {t(`directions.${value}`)}
                      </label>
                    ))}
                  </div>
                  <FieldError id="call-log-direction-error" messages={errors.direction} />
                </fieldset>
                <Field id="call-log-duration" label={t('duration')} hint={t('durationHint')} errors={errors.duration}>
                  {(control) => (
                    <Input
                      {...control}
                      inputMode="decimal"
                      autoComplete="off"
                      className="sm:max-w-40"
                      value={duration}
                      onChange={(e) => {
                        setDuration(e.target.value);
                        form.clearFieldErrors('duration');
                      }}
                    />
                  )}
                </Field>
              </div>

              <fieldset aria-describedby={errors.outcome ? 'call-log-outcome-error' : undefined}>
                <legend className="text-sm font-medium text-slate-900">{t('outcome')}</legend>
                <div className="mt-1 flex flex-wrap gap-x-4">
                  {CALL_OUTCOMES.map((value) => (
                    <label key={value} className={radioLabel}>
                      <input
                        type="radio"
                        name="call-log-outcome"
                        className={radio}
                        checked={outcome === value}
                        onChange={() => {
                          setOutcome(value);
                          form.clearFieldErrors('outcome');
                        }}
                      />
                      {to(value)}
                    </label>
                  ))}
                </div>
                <FieldError id="call-log-outcome-error" messages={errors.outcome} />
              </fieldset>

              <Field id="call-log-summary" label={t('summary')} errors={errors.summary} required>
                {(control) => (
                  <Textarea
                    {...control}
                    ref={summaryRef}
                    rows={4}
                    value={summary}
                    onChange={(e) => {
                      setSummary(e.target.value);
                      form.clearFieldErrors('summary');
                    }}
                  />
                )}
              </Field>

              <fieldset aria-describedby={errors.target ? 'call-log-target-error' : undefined}>
                <legend className="text-sm font-medium text-slate-900">{t('target')}</legend>
                <div className="mt-1 flex flex-wrap gap-x-4">
                  {LOG_TARGETS.map((value) => (
                    <label key={value} className={radioLabel}>
                      <input
                        type="radio"
                        name="call-log-target"
                        className={radio}
                        checked={target === value}
                        disabled={value === 'existing' && !canNote}
                        onChange={() => setTarget(value)}
                      />
                      {t(`targets.${value}`)}
                    </label>
                  ))}
                </div>
                {caller && !openTickets.length ? <p className="text-sm text-slate-500">{t('noOpenTickets')}</p> : null}
                <FieldError id="call-log-target-error" messages={errors.target} />
              </fieldset>

              {target === 'new' ? (
                <Field id="call-log-topic" label={t('topic')} hint={t('topicHint')} errors={errors.topic}>
                  {(control) => (
                    <Input
                      {...control}
                      autoComplete="off"
                      value={topic}
                      onChange={(e) => {
                        setTopic(e.target.value);
                        form.clearFieldErrors('topic');
                      }}
                    />
                  )}
                </Field>
              ) : (
                <div className="grid gap-4 sm:grid-cols-2">
                  <fieldset aria-describedby={errors.ticketNumber ? 'call-log-ticket-error' : undefined}>
                    <legend className="text-sm font-medium text-slate-900">{t('ticket')}</legend>
                    <div className="mt-1 space-y-1">
                      {openTickets.map((ticket) => (
                        <label key={ticket.number} className="flex min-h-11 items-start gap-2 py-1 text-sm text-slate-800">
                          <input
                            type="radio"
                            name="call-log-ticket"
                            className={`${radio} mt-0.5 shrink-0`}
                            checked={ticketNumber === ticket.number}
                            onChange={() => {
                              setTicketNumber(ticket.number);
                              form.clearFieldErrors('ticketNumber');
                            }}
                          />
                          <span className="min-w-0 break-words">
                            <span className="font-medium">{ticket.displayNumber}</span> {ticket.subject}
                          </span>
                        </label>
                      ))}
                    </div>
                    <FieldError id="call-log-ticket-error" messages={errors.ticketNumber} />
                  </fieldset>
                  <fieldset>
                    <legend className="text-sm font-medium text-slate-900">{t('noteKind')}</legend>
                    <div className="mt-1 space-y-1">
                      {NOTE_KINDS.map((value) => (
                        <label key={value} className={radioLabel}>
                          <input
                            type="radio"
                            name="call-log-note-kind"
                            className={radio}
                            checked={noteKind === value}
                            onChange={() => setNoteKind(value)}
                          />
                          {t(`noteKinds.${value}`)}
                        </label>
                      ))}
                    </div>
                  </fieldset>
                </div>
              )}
            </div>

            <div className="sticky bottom-0 flex flex-col-reverse gap-2 rounded-b-xl border-t border-slate-200 bg-slate-50 px-4 py-3 sm:flex-row sm:justify-end sm:px-6">
              <Button variant="secondary" onClick={close}>
                {t('cancel')}
              </Button>
              <SubmitButton pending={isPending} icon={<Save aria-hidden="true" />}>
                {t('submit')}
              </SubmitButton>
            </div>
          </form>
        ) : null}
      </dialog>
    </div>
  );
}

function CallerSummary({ caller, noPhone }: { caller: CallerMatch; noPhone: string }) {
  return (
    <div className="min-w-0 text-sm">
      <p className="font-semibold break-words text-slate-900">{caller.name ?? caller.email}</p>
      <p className="break-words text-slate-600">
        {caller.email} · <span className="whitespace-nowrap">{caller.phoneDisplay ?? noPhone}</span>
      </p>
      {caller.company ? (
        <p className="flex items-center gap-1 text-slate-600">
          <Building2 aria-hidden="true" className="size-3.5 shrink-0" />
          <span className="break-words">
            {caller.company.name} · {caller.company.plan}
          </span>
        </p>
      ) : null}
    </div>
  );
}
