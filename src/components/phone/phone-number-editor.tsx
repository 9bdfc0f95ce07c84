'use client';

import { useId, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { Pencil, Phone, Save } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { contactPhoneSchema, type SavedPhone } from '@/server/phone/call-log-schema';
import { useActionForm } from '@/components/ui/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';

/**
 * A customer's phone number, shown with "Zmień numer" / "Dodaj numer", edited in place: validated and normalised
 * (E.164) by the shared schema on both sides; a refused number keeps what was typed, with the message under it.
 * The agent's reporter card and the customer's "Moje dane" use it.
 */
export function PhoneNumberEditor({
  phone,
  phoneDisplay,
  action,
  testId,
}: {
  phone: string | null;
  phoneDisplay: string | null;
  action: (input: { phone: string }) => Promise<ActionResult<SavedPhone>>;
  testId?: string;
}) {
  const t = useTranslations('phone.contactPhone');
  const id = useId();
  const [current, setCurrent] = useState<SavedPhone>({ phone, phoneDisplay });
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(phoneDisplay ?? '');
  const editRef = useRef<HTMLButtonElement>(null);
  const { fieldErrors, formError, isPending, submit, clearFieldErrors } = useActionForm(action, { schema: contactPhoneSchema });

  const stopEditing = () => {
    setEditing(false);
    requestAnimationFrame(() => editRef.current?.focus());
  };

  if (!editing) {
    return (
      <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1" data-testid={testId}>
        {current.phone ? (
          <a href={`tel:${current.phone}`} className="inline-flex items-center gap-1 text-brand-700 hover:underline">
            <Phone aria-hidden="true" className="size-3.5 shrink-0" />
            <span>{current.phoneDisplay}</span>
          </a>
        ) : (
          <span className="text-slate-500">{t('none')}</span>
        )}
        <Button
          ref={editRef}
          variant="ghost"
          size="custom"
          className="h-11 px-2 text-sm"
          onClick={() => {
            setValue(current.phoneDisplay ?? '');
            setEditing(true);
          }}
        >
          <Pencil aria-hidden="true" className="size-3.5" />
          {current.phone ? t('edit') : t('add')}
        </Button>
      </div>
    );
  }

  return (
    <form
      noValidate
      data-testid={testId}
      onSubmit={(event) => {
        event.preventDefault();
        if (isPending) return;
        submit(
          { phone: value },
          {
            onSuccess: (result) => {
              setCurrent(result.data);
              stopEditing();
            },
          },
        );
      }}
      className="min-w-0 space-y-2"
    >
      {formError ? (
        <Alert tone="error" role="alert">
          {formError}
        </Alert>
      ) : null}
      <Field id={`${id}-phone`} label={t('label')} hint={t('hint')} errors={fieldErrors.phone}>
        {(control) => (
          <Input
            {...control}
            type="tel"
            autoComplete="tel"
            autoFocus
            value={value}
            onChange={(e) => {
              setValue(e.target.value);
              clearFieldErrors('phone');
            }}
          />
        )}
      </Field>
      <div className="flex flex-wrap gap-2">
        <SubmitButton pending={isPending} icon={<Save aria-hidden="true" />}>
          {t('save')}
        </SubmitButton>
        <Button variant="secondary" onClick={stopEditing}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}
