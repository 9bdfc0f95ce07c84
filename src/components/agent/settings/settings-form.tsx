'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Bell, Languages, Save, UserRound } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { ownSettingsSchema, STAFF_LOCALES, type OwnSettingsInput } from '@/server/admin/team-schemas';
import { LIMITS } from '@/server/tickets/schemas';
import { useActionForm } from '@/components/ui/use-action-form';
import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { cn } from '@/lib/cn';
import { NotificationSwitch } from './notification-switch';

type Locale = (typeof STAFF_LOCALES)[number];
interface Draft {
  name: string;
  locale: Locale;
  notifyNewTickets: boolean;
  notifyAssignedReplies: boolean;
  notifyDigest: boolean;
}

function Section({ icon, title, lead, children }: { icon: React.ReactNode; title: string; lead?: string; children: React.ReactNode }) {
  return (
    <section className="border-t border-slate-100 px-5 py-5 first:border-t-0 sm:px-6">
      <h2 className="flex items-center gap-2 text-base font-semibold text-slate-900">
        {icon}
        {title}
      </h2>
      {lead ? <p className="mt-1 text-sm text-slate-500">{lead}</p> : null}
      <div className="mt-4">{children}</div>
    </section>
  );
}

/** Name, language and the two e-mail switches, saved together. */
export function SettingsForm({ action, initial }: { action: (input: OwnSettingsInput) => Promise<ActionResult>; initial: Draft }) {
  const t = useTranslations('agentSettings');
  const tw = useTranslations('agentsWork.settings');
  const [draft, setDraft] = useState<Draft>(initial);
  const { fieldErrors: errors, formError, isPending, submit: send } = useActionForm(action, { schema: ownSettingsSchema });
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (isPending) return;
    send(draft);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Card>
        {formError ? (
          <Alert tone="error" role="alert" className="m-5 mb-0 sm:m-6 sm:mb-0">
            {formError}
          </Alert>
        ) : null}
        <Section icon={<UserRound aria-hidden="true" className="size-4 text-brand-600" />} title={t('profile.title')}>
          <Field
            id="settings-name"
            label={t('profile.name')}
            hint={t('profile.nameHint')}
            required
            errors={errors.name}
            className="max-w-md"
          >
            {(control) => (
              <Input
                {...control}
                autoComplete="name"
                maxLength={LIMITS.name.max}
                value={draft.name}
                onChange={(e) => set('name', e.target.value)}
              />
            )}
          </Field>
        </Section>

        <Section
          icon={<Languages aria-hidden="true" className="size-4 text-brand-600" />}
          title={t('language.title')}
          lead={t('language.lead')}
        >
          <fieldset>
            <legend className="sr-only">{t('language.title')}</legend>
            <div className="grid max-w-md grid-cols-2 gap-2">
              {STAFF_LOCALES.map((locale) => (
                <label
                  key={locale}
                  className={cn(
                    'flex h-11 cursor-pointer items-center gap-2.5 rounded-lg border px-3 text-sm font-medium transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600',
                    draft.locale === locale
                      ? 'border-brand-600 bg-brand-50 text-brand-800'
                      : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50',
                  )}
                >
                  <input
                    type="radio"
                    name="locale"
                    value={locale}
                    checked={draft.locale === locale}
                    onChange={() => set('locale', locale)}
                    className="size-4 accent-brand-600"
                  />
                  {t(`language.${locale}`)}
                </label>
              ))}
            </div>
          </fieldset>
        </Section>

        <Section
          icon={<Bell aria-hidden="true" className="size-4 text-brand-600" />}
          title={t('notifications.title')}
          lead={t('notifications.lead')}
        >
          <div className="space-y-5">
            <NotificationSwitch
              checked={draft.notifyNewTickets}
              onChange={(value) => set('notifyNewTickets', value)}
              label={t('notifications.newTickets')}
              description={t('notifications.newTicketsHint')}
            />
            <NotificationSwitch
              checked={draft.notifyAssignedReplies}
              onChange={(value) => set('notifyAssignedReplies', value)}
              label={t('notifications.assignedReplies')}
              description={t('notifications.assignedRepliesHint')}
            />
            <NotificationSwitch
              checked={draft.notifyDigest}
              onChange={(value) => set('notifyDigest', value)}
              label={tw('digest')}
              description={tw('digestHint')}
            />
          </div>
        </Section>

        <div className="flex justify-end rounded-b-xl border-t border-slate-100 bg-slate-50 px-5 py-4 sm:px-6">
          <SubmitButton pending={isPending} icon={<Save aria-hidden="true" />} className="w-full sm:w-auto">
            {t('save')}
          </SubmitButton>
        </div>
      </Card>
    </form>
  );
}
