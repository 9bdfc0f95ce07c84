'use client';

import { useTranslations } from 'next-intl';
import { flushSync } from 'react-dom';
import { Plus, X } from 'lucide-react';
import { IDENTIFIER_KINDS, LIMITS, type IdentifierKind } from '@/server/tickets/constants';
import { Button } from '@/components/ui/button';
import { describedBy, errorId, FieldError, FieldHint } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { rowKey } from '@/lib/row-key';
import { fieldId, type IdentifierRow } from './form-model';

const HINT = 'identifiers-hint';

// The keyboard that fits the value saves typing on phones.
const INPUT_MODE: Partial<Record<IdentifierKind, 'email' | 'numeric'>> = {
  CUSTOMER_EMAIL: 'email',
  USER_ID: 'numeric',
  VOUCHER_ID: 'numeric',
};

export function IdentifiersEditor({
  rows,
  onChange,
  errorsAt,
  groupErrors,
}: {
  rows: IdentifierRow[];
  /** The new rows, and the path of the edited control, or null when rows were added or removed. */
  onChange: (rows: IdentifierRow[], edited: string | null) => void;
  errorsAt: (path: string) => string[] | undefined;
  groupErrors?: string[];
}) {
  const t = useTranslations('ticketForm.identifiers');
  const full = rows.length >= LIMITS.identifiers;
  const addButtonId = 'identifiers-add';

  const add = () => {
    if (full) return;
    flushSync(() => onChange([...rows, { key: rowKey(), kind: 'VOUCHER_CODE', value: '' }], null));
    document.getElementById(fieldId(`identifiers.${rows.length}.kind`))?.focus();
  };

  const remove = (index: number) => {
    const next = rows.filter((_, i) => i !== index);
    flushSync(() => onChange(next, null));
    const target = next.length ? fieldId(`identifiers.${Math.min(index, next.length - 1)}.value`) : addButtonId;
    document.getElementById(target)?.focus();
  };

  const update = (index: number, patch: Partial<IdentifierRow>) =>
    onChange(
      rows.map((row, i) => (i === index ? { ...row, ...patch } : row)),
      `identifiers.${index}.${'kind' in patch ? 'kind' : 'value'}`,
    );

  return (
    <fieldset aria-describedby={HINT}>
      <legend className="text-sm font-medium text-slate-800">{t('legend')}</legend>
      <FieldHint id={HINT} tight>
        {t('hint')}
      </FieldHint>
      <FieldError id="identifiers-error" messages={groupErrors} />
      {rows.length ? (
        <ul className="mt-3 space-y-3">
          {rows.map((row, index) => {
            const number = index + 1;
            const kindId = fieldId(`identifiers.${index}.kind`);
            const valueId = fieldId(`identifiers.${index}.value`);
            const kindErrors = errorsAt(`identifiers.${index}.kind`);
            const valueErrors = errorsAt(`identifiers.${index}.value`);
            const rowSuffix = <span className="sr-only"> {t('row', { number })}</span>;
            return (
              <li key={row.key} className="rounded-lg border border-slate-200 bg-slate-50/60 p-3 sm:border-0 sm:bg-transparent sm:p-0">
                <div className="grid grid-cols-[1fr_auto] items-end gap-x-2 gap-y-3 sm:grid-cols-[12rem_1fr_auto]">
                  <div className="col-span-1">
                    <Label htmlFor={kindId} className="mb-1.5">
                      {t('kind')}
                      {rowSuffix}
                    </Label>
                    <Select
                      id={kindId}
                      value={row.kind}
                      aria-invalid={kindErrors ? true : undefined}
                      aria-describedby={describedBy(kindErrors && errorId(kindId))}
                      onChange={(event) => {
                        const kind = IDENTIFIER_KINDS.find((k) => k === event.target.value);
                        if (kind) update(index, { kind });
                      }}
                    >
                      {IDENTIFIER_KINDS.map((kind) => (
                        <option key={kind} value={kind}>
                          {t(`kinds.${kind}`)}
                        </option>
                      ))}
                    </Select>
                  </div>
                  <div className="col-span-2 row-start-2 sm:col-span-1 sm:col-start-2 sm:row-start-1">
                    <Label htmlFor={valueId} className="mb-1.5">
                      {t('value')}
                      {rowSuffix}
                    </Label>
                    <Input
                      id={valueId}
                      value={row.value}
                      placeholder={t(`placeholders.${row.kind}`)}
                      inputMode={INPUT_MODE[row.kind]}
                      autoComplete="off"
                      spellCheck={false}
                      aria-invalid={valueErrors ? true : undefined}
                      aria-describedby={describedBy(valueErrors && errorId(valueId))}
                      onChange={(event) => update(index, { value: event.target.value })}
                      className="font-mono"
                    />
                  </div>
                  <Button
                    variant="danger"
                    size="icon"
                    aria-label={t('remove', { number })}
                    onClick={() => remove(index)}
                    className="row-start-1 col-start-2 self-end sm:col-start-3"
                  >
                    <X aria-hidden="true" />
                  </Button>
                </div>
                <FieldError id={errorId(kindId)} messages={kindErrors} />
                <FieldError id={errorId(valueId)} messages={valueErrors} />
              </li>
            );
          })}
        </ul>
      ) : null}
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <Button id={addButtonId} variant="secondary" onClick={add} disabled={full}>
          <Plus aria-hidden="true" />
          {t('add')}
        </Button>
        {full ? (
          <p className="text-sm text-slate-600" role="status">
            {t('limit', { max: LIMITS.identifiers })}
          </p>
        ) : null}
      </div>
    </fieldset>
  );
}
