'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { GitMerge, LoaderCircle, UserPlus, X } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { agentTicketPath } from '@/server/links';
import { useActionForm } from '@/components/ui/use-action-form';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';

/** "Osoby w kopii": who is copied on the ticket, with add and remove (src/server/tickets/collaborators.ts). */
export function CollaboratorsEditor({
  people,
  add,
  remove,
}: {
  people: { email: string; name: string | null }[];
  add: (input: { email: string }) => Promise<ActionResult>;
  remove: (email: string) => Promise<ActionResult>;
}) {
  const t = useTranslations('agentsWork.cc');
  const [email, setEmail] = useState('');
  const adding = useActionForm(add);
  const removing = useActionForm(remove);
  return (
    <div data-testid="cc-card">
      <p className="text-xs text-slate-500">{t('lead')}</p>
      {people.length ? (
        <ul className="mt-2 space-y-1 text-sm">
          {people.map((person) => (
            <li key={person.email} className="flex items-center justify-between gap-2" data-testid="cc-person">
              <span className="min-w-0 truncate text-slate-800" title={person.email}>
                {person.name ? `${person.name} <${person.email}>` : person.email}
              </span>
              <Button
                variant="ghost"
                size="custom"
                className="size-8 text-sm"
                aria-label={t('remove', { email: person.email })}
                disabled={removing.isPending}
                onClick={() => removing.send(person.email)}
              >
                <X aria-hidden="true" />
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-sm text-slate-500">{t('empty')}</p>
      )}
      <form
        className="mt-3 flex gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          adding.send({ email }, { onSuccess: () => setEmail('') });
        }}
      >
        <label className="sr-only" htmlFor="cc-email">
          {t('email')}
        </label>
        <Input
          id="cc-email"
          type="email"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          placeholder="kolega@firma.pl"
          inputSize="xs"
          className="min-w-0 flex-1"
          aria-invalid={adding.fieldErrors.email?.length || adding.formError ? true : undefined}
          aria-describedby={adding.fieldErrors.email?.length || adding.formError ? 'cc-error' : undefined}
          required
        />
        <Button type="submit" variant="secondary" size="sm" disabled={adding.isPending}>
          {adding.isPending ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : <UserPlus aria-hidden="true" />}
          {t('add')}
        </Button>
      </form>
      {adding.fieldErrors.email?.length || adding.formError || removing.formError ? (
        <p id="cc-error" role="alert" className="mt-1.5 text-xs text-red-700">
          {[...(adding.fieldErrors.email ?? []), adding.formError, removing.formError].filter(Boolean).join(' ')}
        </p>
      ) : null}
    </div>
  );
}

/** "Połącz z innym zgłoszeniem": asks for the target's number, confirms, then opens the target. */
export function MergeForm({
  source,
  merge,
}: {
  source: string;
  merge: (input: { target: string }) => Promise<ActionResult<{ target: string }>>;
}) {
  const t = useTranslations('agentsWork.merge');
  const router = useRouter();
  const [target, setTarget] = useState('');
  const form = useActionForm(merge);
  const errors = [...(form.fieldErrors.target ?? []), ...(form.formError ? [form.formError] : [])];
  return (
    <form
      data-testid="merge-form"
      onSubmit={(event) => {
        event.preventDefault();
        const label = target.trim().toUpperCase();
        if (!window.confirm(t('confirm', { source, target: label }))) return;
        form.send({ target }, { onSuccess: (result) => router.push(agentTicketPath(result.data.target)) });
      }}
    >
      <p className="text-xs text-slate-500">{t('lead')}</p>
      <label htmlFor="merge-target" className="mt-3 block text-sm font-medium text-slate-800">
        {t('target')}
      </label>
      <div className="mt-1 flex gap-2">
        <Input
          id="merge-target"
          value={target}
          onChange={(event) => setTarget(event.target.value)}
          placeholder={t('targetHint')}
          inputSize="xs"
          className="min-w-0 flex-1 font-mono"
          aria-invalid={errors.length ? true : undefined}
          aria-describedby={errors.length ? 'merge-error' : undefined}
          required
        />
        <Button type="submit" variant="secondary" size="sm" disabled={form.isPending}>
          {form.isPending ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : <GitMerge aria-hidden="true" />}
          {t('submit')}
        </Button>
      </div>
      {errors.length ? (
        <p id="merge-error" role="alert" className="mt-1.5 text-xs text-red-700">
          {errors.join(' ')}
        </p>
      ) : null}
    </form>
  );
}
