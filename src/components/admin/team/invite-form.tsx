'use client';

import { useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { Send, UserPlus, X } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { inviteStaffSchema, STAFF_LOCALES, STAFF_ROLES, type InviteStaffInput, type StaffRole } from '@/server/admin/team-schemas';
import { LIMITS } from '@/server/tickets/schemas';
import { useActionForm } from '@/components/ui/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SubmitButton } from '@/components/ui/submit-button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';

type Draft = { email: string; name: string; role: StaffRole; locale: (typeof STAFF_LOCALES)[number] };
const EMPTY: Draft = { email: '', name: '', role: 'AGENT', locale: 'pl' };

/**
 * "Zaproś konsultanta": opens a short form (e-mail, name, role, language). Checked with the server's schema before
 * sending, so most mistakes show at once; the server's answer (e.g. "this address belongs to a customer") shows
 * above the fields and keeps what was typed.
 */
export function InviteForm({ action }: { action: (input: InviteStaffInput) => Promise<ActionResult> }) {
  const t = useTranslations('adminTeam.invite');
  const tRoot = useTranslations();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const form = useActionForm(action, { schema: inviteStaffSchema });
  const { fieldErrors: errors, setFieldErrors: setErrors, formError, setFormError, isPending } = form;
  const openerRef = useRef<HTMLButtonElement>(null);
  const firstFieldRef = useRef<HTMLInputElement>(null);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const close = () => {
    setOpen(false);
    setErrors({});
    setFormError(null);
    // Focus returns to the button that opened the form, so keyboard users keep their place.
    requestAnimationFrame(() => openerRef.current?.focus());
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (isPending) return;
    form.submit(draft, {
      onSuccess: () => {
        setDraft(EMPTY);
        close();
      },
    });
  };

  if (!open) {
    return (
      <Button
        ref={openerRef}
        onClick={() => {
          setOpen(true);
          requestAnimationFrame(() => firstFieldRef.current?.focus());
        }}
        className="w-full sm:w-auto"
      >
        <UserPlus aria-hidden="true" />
        {t('open')}
      </Button>
    );
  }

  return (
    <Card className="w-full p-5 sm:p-6" data-testid="invite-form">
      <form onSubmit={submit} noValidate aria-labelledby="invite-title">
        <div className="flex items-start justify-between gap-4">
          <div>
            <h3 id="invite-title" className="text-base font-semibold text-slate-900">
              {t('title')}
            </h3>
            <p className="mt-1 text-sm text-slate-500">{t('lead')}</p>
          </div>
          <Button variant="ghost" size="icon" onClick={close} aria-label={t('cancel')} className="-mt-2 -mr-2">
            <X aria-hidden="true" />
          </Button>
        </div>
        {formError ? (
          <Alert tone="error" role="alert" className="mt-4">
            {formError}
          </Alert>
        ) : null}
        <div className="mt-5 grid gap-4 sm:grid-cols-2">
          <Field id="invite-email" label={t('email')} required errors={errors.email}>
            {(control) => (
              <Input
                {...control}
                ref={firstFieldRef}
                type="email"
                autoComplete="off"
                inputMode="email"
                maxLength={LIMITS.email}
                value={draft.email}
                onChange={(e) => set('email', e.target.value)}
                placeholder="imie.nazwisko@vouchie.pl"
              />
            )}
          </Field>
          <Field id="invite-name" label={t('name')} required errors={errors.name}>
            {(control) => (
              <Input
                {...control}
                autoComplete="off"
                maxLength={LIMITS.name.max}
                value={draft.name}
                onChange={(e) => set('name', e.target.value)}
              />
            )}
          </Field>
          <Field
            id="invite-role"
            label={t('role')}
            hint={draft.role === 'ADMIN' ? t('roleHintAdmin') : t('roleHintAgent')}
            errors={errors.role}
          >
            {(control) => (
              <Select {...control} value={draft.role} onChange={(e) => set('role', e.target.value as StaffRole)}>
                {STAFF_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {tRoot(`agent.roles.${role}`)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field id="invite-locale" label={t('locale')} hint={t('localeHint')} errors={errors.locale}>
            {(control) => (
              <Select {...control} value={draft.locale} onChange={(e) => set('locale', e.target.value as Draft['locale'])}>
                {STAFF_LOCALES.map((locale) => (
                  <option key={locale} value={locale}>
                    {tRoot(`adminTeam.locales.${locale}`)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </div>
        <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={close}>
            {t('cancel')}
          </Button>
          <SubmitButton pending={isPending} icon={<Send aria-hidden="true" />} aria-disabled={isPending}>
            {isPending ? t('sending') : t('submit')}
          </SubmitButton>
        </div>
      </form>
    </Card>
  );
}
