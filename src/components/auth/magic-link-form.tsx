'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { ArrowRight, LoaderCircle } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';

/** The form's state between posts: the last answer, and the address typed, to put back in the field. */
export type MagicLinkFormState = ActionResult<null, { email: string }>;

export interface MagicLinkFormProps {
  /** The sign-in page's action: sends the link, then redirects to "check your inbox". */
  action: (previous: MagicLinkFormState, form: FormData) => Promise<MagicLinkFormState>;
  /** Where the link leads after signing in (a path on this site). */
  redirectTo: string;
  audience: 'customer' | 'staff';
}

/** E-mail → magic link. Works without JavaScript (a plain form post); with it, errors appear in place. */
export function MagicLinkForm({ action, redirectTo, audience }: MagicLinkFormProps) {
  const t = useTranslations('auth.form');
  const [state, formAction, pending] = useActionState<MagicLinkFormState, FormData>(action, {
    ok: false,
    fieldErrors: {},
    detail: { email: '' },
  });
  const failure = state.ok ? null : state;
  const id = `${audience}-sign-in-email`;

  return (
    <form action={formAction} noValidate className="space-y-5">
      <input type="hidden" name="redirectTo" value={redirectTo} />
      <input type="hidden" name="audience" value={audience} />
      {failure?.formError ? (
        <Alert tone="error" role="alert">
          {failure.formError}
        </Alert>
      ) : null}
      <Field id={id} label={audience === 'staff' ? t('staffEmailLabel') : t('emailLabel')} required errors={failure?.fieldErrors.email}>
        {(control) => (
          <Input
            {...control}
            name="email"
            type="email"
            inputMode="email"
            autoComplete="email"
            autoCapitalize="none"
            spellCheck={false}
            placeholder={audience === 'staff' ? t('staffEmailPlaceholder') : t('emailPlaceholder')}
            defaultValue={failure?.detail?.email ?? ''}
            // After a refused submit the field is where the fix goes.
            autoFocus={Boolean(failure?.fieldErrors.email?.length)}
          />
        )}
      </Field>
      <Button type="submit" size="lg" className="w-full" disabled={pending} aria-disabled={pending}>
        {pending ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : null}
        {pending ? t('sending') : t('submit')}
        {pending ? null : <ArrowRight aria-hidden="true" />}
      </Button>
      <p className="text-center text-sm text-slate-500">{t('note')}</p>
    </form>
  );
}
