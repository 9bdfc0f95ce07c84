'use client';

import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { Check, Copy, KeyRound, Plus, TriangleAlert } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { API_TOKEN_LIMITS, createApiTokenSchema, type CreateApiTokenInput } from '@/server/admin/api-token-schemas';
import { useActionForm } from '@/components/ui/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SubmitButton } from '@/components/ui/submit-button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';

type Created = { name: string; secret: string; prefix: string };

/**
 * "Nowy token": a name and an optional lifetime in days. The new secret is shown once, right here, with a copy
 * button and a warning; leaving or reloading the page drops it for good (only its hash was stored).
 */
export function CreateTokenForm({ action }: { action: (input: CreateApiTokenInput) => Promise<ActionResult<Created>> }) {
  const t = useTranslations('adminApiTokens.create');
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [kind, setKind] = useState<'API' | 'CTI'>('API');
  const [created, setCreated] = useState<Created | null>(null);
  const { fieldErrors: errors, formError, isPending, submit: send } = useActionForm(action, { schema: createApiTokenSchema });

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (isPending) return;
    send(
      { name, expiresInDays: days.trim() === '' ? null : Number(days), kind },
      {
        onSuccess: ({ data }) => {
          setName('');
          setDays('');
          setKind('API');
          setCreated(data);
        },
      },
    );
  };

  return (
    <div className="space-y-4">
      {created ? <NewSecret token={created} onDone={() => setCreated(null)} /> : null}
      <Card className="p-5 sm:p-6">
        <form onSubmit={submit} noValidate aria-labelledby="new-token-title">
          <h3 id="new-token-title" className="flex items-center gap-2 text-base font-semibold text-slate-900">
            <KeyRound aria-hidden="true" className="size-4 text-brand-600" />
            {t('title')}
          </h3>
          <p className="mt-1 text-sm text-slate-500">{t('lead')}</p>
          {formError ? (
            <Alert tone="error" role="alert" className="mt-4">
              {formError}
            </Alert>
          ) : null}
          <div className="mt-4 grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_auto] sm:items-start">
            <Field id="token-name" label={t('name')} hint={t('nameHint')} required errors={errors.name}>
              {(control) => (
                <Input
                  {...control}
                  autoComplete="off"
                  maxLength={API_TOKEN_LIMITS.name.max}
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                />
              )}
            </Field>
            <Field id="token-expiry" label={t('expiresInDays')} hint={t('expiresHint')} errors={errors.expiresInDays}>
              {(control) => (
                <Input
                  {...control}
                  type="number"
                  inputMode="numeric"
                  min={API_TOKEN_LIMITS.expiresInDays.min}
                  max={API_TOKEN_LIMITS.expiresInDays.max}
                  value={days}
                  onChange={(e) => setDays(e.target.value)}
                  placeholder={t('expiresPlaceholder')}
                />
              )}
            </Field>
            <Field id="token-kind" label={t('kind')} hint={t('kindHint')} errors={errors.kind}>
              {(control) => (
                <select
                  {...control}
                  value={kind}
                  onChange={(e) => setKind(e.target.value === 'CTI' ? 'CTI' : 'API')}
                  className="h-11 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600"
                >
                  <option value="API">{t('kindApi')}</option>
                  <option value="CTI">{t('kindCti')}</option>
                </select>
              )}
            </Field>
            <SubmitButton pending={isPending} icon={<Plus aria-hidden="true" />} className="sm:mt-7">
              {t('submit')}
            </SubmitButton>
          </div>
        </form>
      </Card>
    </div>
  );
}

function NewSecret({ token, onDone }: { token: Created; onDone: () => void }) {
  const t = useTranslations('adminApiTokens.secret');
  const [copied, setCopied] = useState(false);
  const boxRef = useRef<HTMLDivElement>(null);

  // The one moment the secret exists on screen: move focus there so screen readers announce it.
  useEffect(() => boxRef.current?.focus(), []);

  const copy = () => {
    void navigator.clipboard?.writeText(token.secret).then(() => {
      setCopied(true);
      window.setTimeout(() => setCopied(false), 2_000);
    });
  };

  return (
    <div
      ref={boxRef}
      tabIndex={-1}
      role="region"
      aria-labelledby="new-secret-title"
      data-testid="new-token-secret"
      className="rounded-xl border border-emerald-300 bg-emerald-50 p-5 shadow-xs focus:outline-2 focus:outline-offset-2 focus:outline-emerald-600 sm:p-6"
    >
      <h3 id="new-secret-title" className="text-base font-semibold text-emerald-950">
        {t('title', { name: token.name })}
      </h3>
      <p className="mt-2 flex items-start gap-2 text-sm font-medium text-amber-900">
        <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-amber-600" />
        {t('warning')}
      </p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-stretch">
        <label htmlFor="new-secret-value" className="sr-only">
          {t('label')}
        </label>
        <input
          id="new-secret-value"
          readOnly
          value={token.secret}
          onFocus={(e) => e.currentTarget.select()}
          className="h-11 w-full min-w-0 rounded-lg sm:flex-1 border border-emerald-300 bg-white px-3 font-mono text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-emerald-600"
          data-testid="new-token-value"
        />
        <Button onClick={copy} variant="secondary" aria-live="polite">
          {copied ? <Check aria-hidden="true" className="text-emerald-600" /> : <Copy aria-hidden="true" />}
          {copied ? t('copied') : t('copy')}
        </Button>
      </div>
      <p className="mt-3 text-sm text-emerald-900">{t('usage')}</p>
      <pre className="mt-1 overflow-x-auto rounded-lg bg-slate-900 px-3 py-2 text-xs text-slate-100">
        <code>Authorization: Bearer {token.prefix}…</code>
      </pre>
      <div className="mt-4 flex justify-end">
        <Button variant="ghost" onClick={onDone}>
          {t('done')}
        </Button>
      </div>
    </div>
  );
}
