'use client';

import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { ArrowDown, ArrowUp, Eye, EyeOff, Save } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import type { AssignableAgent, CategorySettingView } from '@/server/categories/settings';
import { CATEGORY_LIMITS, type CategorySettingInput } from '@/server/categories/schema';
import { TICKET_PRIORITIES, type TicketCategory, type TicketPriority } from '@/server/tickets/schemas';
import { useToast } from '@/components/ui/toast';
import { useActionForm } from '@/components/ui/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { SubmitButton } from '@/components/ui/submit-button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';

export interface CatalogueTexts {
  pl: Record<TicketCategory, { label: string; description: string }>;
  en: Record<TicketCategory, { label: string; description: string }>;
}

type Row = CategorySettingView;
type TextField = 'labelPl' | 'labelEn' | 'descriptionPl' | 'descriptionEn';

/**
 * Every category as a card, in the order the contact form shows them. Move up/down are ordinary buttons (so
 * keyboard users reorder with Tab and Enter); focus follows the card that moved. One save writes everything.
 */
export function CategorySettingsForm({
  action,
  settings,
  agents,
  catalogue,
}: {
  action: (input: CategorySettingInput[]) => Promise<ActionResult>;
  settings: Row[];
  agents: AssignableAgent[];
  catalogue: CatalogueTexts;
}) {
  const t = useTranslations('adminCategories');
  const tp = useTranslations('ticket.priority');
  const toast = useToast();
  const [rows, setRows] = useState<Row[]>(settings);
  const [saved, setSaved] = useState<Row[]>(settings);
  const form = useActionForm(action);
  const { fieldErrors: errors, setFieldErrors: setErrors, formError, isPending } = form;
  const focusAfterMove = useRef<string | null>(null);

  const dirty = JSON.stringify(rows) !== JSON.stringify(saved);
  const visibleCount = rows.filter((r) => r.active).length;

  useEffect(() => {
    if (!focusAfterMove.current) return;
    document.getElementById(focusAfterMove.current)?.focus();
    focusAfterMove.current = null;
  }, [rows]);

  const update = (index: number, patch: Partial<Row>) => {
    setRows((current) => current.map((row, i) => (i === index ? { ...row, ...patch } : row)));
    const keys = Object.keys(patch).map((key) => `${index}.${key}`);
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !keys.includes(key))));
  };

  const move = (index: number, by: -1 | 1) => {
    const target = index + by;
    if (target < 0 || target >= rows.length) return;
    const category = rows[index]!.category;
    // At the edge the pressed button becomes disabled: keep focus on the card's other move button.
    const edge = target === 0 || target === rows.length - 1;
    focusAfterMove.current = `move-${edge ? (by < 0 ? 'down' : 'up') : by < 0 ? 'up' : 'down'}-${category}`;
    setRows((current) => {
      const next = [...current];
      [next[index], next[target]] = [next[target]!, next[index]!];
      return next;
    });
    // Errors are keyed by position; a reorder makes them point at other cards.
    setErrors({});
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const input: CategorySettingInput[] = rows.map(
      ({ category, labelPl, labelEn, descriptionPl, descriptionEn, active, defaultPriority, defaultAssigneeId }) => ({
        category,
        labelPl,
        labelEn,
        descriptionPl,
        descriptionEn,
        active,
        defaultPriority,
        defaultAssigneeId,
      }),
    );
    form.send(input, {
      onSuccess: () => {
        setSaved(rows);
        toast(t('saved'));
      },
    });
  };

  const text = (index: number, row: Row, field: TextField) => {
    const locale = field.endsWith('Pl') ? 'pl' : 'en';
    const fallback = catalogue[locale][row.category][field.startsWith('label') ? 'label' : 'description'];
    const id = `${row.category}-${field}`;
    return (
      <Field id={id} label={t(field)} hint={t('catalogueHint', { value: fallback })} errors={errors[`${index}.${field}`]}>
        {(control) => (
          <Input
            {...control}
            value={row[field] ?? ''}
            placeholder={fallback}
            maxLength={field.startsWith('label') ? CATEGORY_LIMITS.label : CATEGORY_LIMITS.description}
            lang={locale}
            onChange={(e) => update(index, { [field]: e.target.value || null })}
          />
        )}
      </Field>
    );
  };

  return (
    <form onSubmit={submit} className="mt-5 space-y-4" noValidate data-testid="category-settings">
      <Alert tone="info">{t('emailNote')}</Alert>
      {formError ? (
        <Alert tone="error" role="alert">
          {formError}
        </Alert>
      ) : null}
      <ol className="space-y-4">
        {rows.map((row, index) => {
          const name = row.labelPl || catalogue.pl[row.category].label;
          const onlyVisible = row.active && visibleCount === 1;
          return (
            <li key={row.category}>
              <Card muted={!row.active} className="overflow-hidden" data-testid={`category-${row.category}`}>
                <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-3 sm:px-5">
                  <span className="rounded-md bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600 tabular-nums">
                    {t('position', { position: index + 1, total: rows.length })}
                  </span>
                  <h3 className="min-w-0 flex-1 truncate text-base font-semibold text-slate-900">{name}</h3>
                  <Badge tone={row.active ? 'success' : 'neutral'}>
                    {row.active ? <Eye aria-hidden="true" className="size-3" /> : <EyeOff aria-hidden="true" className="size-3" />}
                    {row.active ? t('visibleBadge') : t('hiddenBadge')}
                  </Badge>
                  <div className="flex gap-1">
                    <Button
                      id={`move-up-${row.category}`}
                      variant="secondary"
                      size="icon"
                      aria-label={t('moveUp', { name })}
                      title={t('moveUp', { name })}
                      disabled={index === 0}
                      onClick={() => move(index, -1)}
                    >
                      <ArrowUp aria-hidden="true" />
                    </Button>
                    <Button
                      id={`move-down-${row.category}`}
                      variant="secondary"
                      size="icon"
                      aria-label={t('moveDown', { name })}
                      title={t('moveDown', { name })}
                      disabled={index === rows.length - 1}
                      onClick={() => move(index, 1)}
                    >
                      <ArrowDown aria-hidden="true" />
                    </Button>
                  </div>
                </div>
                <div className="space-y-4 px-4 py-4 sm:px-5">
                  <label className="flex min-h-11 cursor-pointer items-center gap-3 text-sm font-medium text-slate-800 has-[:disabled]:cursor-not-allowed">
                    <input
                      type="checkbox"
                      checked={row.active}
                      // The last visible category cannot be hidden: the form would offer nothing.
                      disabled={onlyVisible}
                      aria-describedby={onlyVisible ? `${row.category}-only-visible` : undefined}
                      onChange={(e) => update(index, { active: e.target.checked })}
                      className="size-5 rounded border-slate-300 accent-brand-600"
                    />
                    {t('visible')}
                  </label>
                  {onlyVisible ? (
                    <p id={`${row.category}-only-visible`} className="-mt-2 text-sm text-slate-500">
                      {t('errors.oneVisible')}
                    </p>
                  ) : null}
                  <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
                    {text(index, row, 'labelPl')}
                    {text(index, row, 'labelEn')}
                    {text(index, row, 'descriptionPl')}
                    {text(index, row, 'descriptionEn')}
                    <Field
                      id={`${row.category}-priority`}
                      label={t('defaultPriority')}
                      hint={t('priorityHint')}
                      errors={errors[`${index}.defaultPriority`]}
                    >
                      {(control) => (
                        <Select
                          {...control}
                          value={row.defaultPriority ?? ''}
                          onChange={(e) => update(index, { defaultPriority: (e.target.value || null) as TicketPriority | null })}
                        >
                          <option value="">{t('priorityNone')}</option>
                          {TICKET_PRIORITIES.map((priority) => (
                            <option key={priority} value={priority}>
                              {tp(priority)}
                            </option>
                          ))}
                        </Select>
                      )}
                    </Field>
                    <Field
                      id={`${row.category}-assignee`}
                      label={t('defaultAssignee')}
                      hint={t('assigneeHint')}
                      errors={errors[`${index}.defaultAssigneeId`]}
                    >
                      {(control) => (
                        <Select
                          {...control}
                          value={row.defaultAssigneeId ?? ''}
                          onChange={(e) => update(index, { defaultAssigneeId: e.target.value || null })}
                        >
                          <option value="">{t('assigneeNone')}</option>
                          {agents.map((agent) => (
                            <option key={agent.id} value={agent.id}>
                              {agent.name ? `${agent.name} (${agent.email})` : agent.email}
                            </option>
                          ))}
                        </Select>
                      )}
                    </Field>
                  </div>
                </div>
              </Card>
            </li>
          );
        })}
      </ol>
      <div className="z-10 flex flex-col gap-2 rounded-xl border border-slate-200 bg-white/95 px-4 py-3 sm:sticky sm:bottom-3 sm:flex-row sm:items-center sm:justify-end sm:shadow-lg sm:backdrop-blur">
        {dirty ? (
          <p className="text-sm text-amber-800 sm:mr-auto" aria-live="polite">
            {t('unsaved')}
          </p>
        ) : null}
        <SubmitButton pending={isPending} icon={<Save aria-hidden="true" />}>
          {isPending ? t('saving') : t('save')}
        </SubmitButton>
      </div>
    </form>
  );
}
