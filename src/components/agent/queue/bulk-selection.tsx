'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { CheckCheck, LoaderCircle, X } from 'lucide-react';
import type { BulkChange } from '@/server/tickets/bulk';
import type { ActionResult } from '@/server/actions/result';
import { useActionForm } from '@/components/ui/use-action-form';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/input';

/**
 * The queue's bulk selection: a checkbox on each row (Shift+click selects the range from the last one clicked, `x`
 * toggles the row the keyboard is on), "select all on this page", then "select all matching the filter" when the
 * query has more pages, and a bar to apply one change after one confirmation. The rows stay server-rendered; this
 * provider only keeps which numbers are selected.
 */

interface Selection {
  isSelected: (number: string) => boolean;
  toggle: (number: string, range: boolean) => void;
}

const SelectionContext = createContext<Selection | null>(null);

export interface BulkOption {
  value: string;
  label: string;
}

export interface BulkSelectionProps {
  /** The page's ticket numbers, in the order shown. */
  numbers: string[];
  /** The queue's query string (without cursor): what "all matching the filter" means. */
  matching: string;
  /** The query has more than this page. */
  hasMore: boolean;
  options: { assignees: BulkOption[]; statuses: BulkOption[]; priorities: BulkOption[]; categories: BulkOption[] };
  action: (selection: { numbers: string[] } | { matching: string }, change: BulkChange) => Promise<ActionResult<{ changed: number }>>;
  children: ReactNode;
}

type Kind = BulkChange['kind'];

export function BulkSelection({ numbers, matching, hasMore, options, action, children }: BulkSelectionProps) {
  const t = useTranslations('agentsWork.bulk');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [kind, setKind] = useState<Kind>('assign');
  const [value, setValue] = useState('');
  const [confirming, setConfirming] = useState(false);
  const last = useRef<string | null>(null);
  const form = useActionForm(({ selection, change }: { selection: Parameters<typeof action>[0]; change: BulkChange }) =>
    action(selection, change),
  );

  const toggle = useCallback(
    (number: string, range: boolean) => {
      setAllMatching(false);
      // Read now: the updater below runs later, after `last` has moved on to this row.
      const from = last.current ? numbers.indexOf(last.current) : -1;
      const to = numbers.indexOf(number);
      setSelected((current) => {
        const next = new Set(current);
        const on = !current.has(number);
        if (range && from >= 0 && to >= 0) {
          for (const n of numbers.slice(Math.min(from, to), Math.max(from, to) + 1))
            if (on) next.add(n);
            else next.delete(n);
        } else if (on) next.add(number);
        else next.delete(number);
        return next;
      });
      last.current = number;
    },
    [numbers],
  );

  // `x` toggles the row the keyboard selection (j / k, queue-keyboard.tsx) is on.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'x' || event.metaKey || event.ctrlKey || event.altKey) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (target?.closest('input:not([type="checkbox"]), textarea, select, [contenteditable="true"]')) return;
      const row = [...document.querySelectorAll<HTMLElement>('[data-queue-row][data-selected]')].find((r) => r.offsetParent !== null);
      const number = row?.dataset.number;
      if (!number) return;
      event.preventDefault();
      toggle(number, event.shiftKey);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [toggle]);

  const context = useMemo<Selection>(() => ({ isSelected: (n) => selected.has(n), toggle }), [selected, toggle]);
  const pageSelected = numbers.length > 0 && numbers.every((n) => selected.has(n));
  const count = selected.size;

  const change = (): BulkChange | null => {
    switch (kind) {
      case 'assign':
        return value ? { kind, assigneeId: value === 'none' ? null : value } : null;
      case 'status':
        return value ? ({ kind, status: value } as BulkChange) : null;
      case 'priority':
        return value ? ({ kind, priority: value } as BulkChange) : null;
      case 'category':
        return value ? ({ kind, category: value } as BulkChange) : null;
      case 'addTag':
        return value.trim() ? { kind, tag: value.trim() } : null;
    }
  };

  const apply = () => {
    const chosen = change();
    if (!chosen) {
      form.setFormError(t('errors.invalid'));
      return;
    }
    form.send(
      { selection: allMatching ? { matching } : { numbers: [...selected] }, change: chosen },
      {
        onSuccess: () => {
          setSelected(new Set());
          setAllMatching(false);
          setConfirming(false);
        },
        onSettled: () => setConfirming(false),
      },
    );
  };

  const valueOptions: Record<Exclude<Kind, 'addTag'>, BulkOption[]> = {
    assign: [{ value: 'none', label: t('unassign') }, ...options.assignees],
    status: options.statuses,
    priority: options.priorities,
    category: options.categories,
  };

  return (
    <SelectionContext.Provider value={context}>
      <div className="mb-2 flex flex-wrap items-center gap-3 text-sm">
        <label className="inline-flex items-center gap-2 text-slate-700">
          <input
            type="checkbox"
            className="size-4 rounded border-slate-300 accent-brand-600"
            checked={pageSelected}
            onChange={() => {
              setAllMatching(false);
              setSelected(pageSelected ? new Set() : new Set(numbers));
            }}
            data-testid="bulk-select-page"
          />
          {t('selectPage')}
        </label>
        <span className="hidden text-xs text-slate-500 lg:inline">{t('keyboardHint')}</span>
      </div>
      {count > 0 ? (
        <section
          aria-label={t('action')}
          data-testid="bulk-bar"
          className="sticky top-2 z-10 mb-3 rounded-xl border border-brand-200 bg-brand-50 p-3 shadow-sm"
        >
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <p className="font-semibold text-slate-900" role="status" data-testid="bulk-count">
              {allMatching ? t('allMatching') : t('selected', { count })}
            </p>
            {pageSelected && hasMore && !allMatching ? (
              <Button variant="ghost" size="xs" onClick={() => setAllMatching(true)} data-testid="bulk-all-matching">
                <CheckCheck aria-hidden="true" />
                {t('selectAllMatching')}
              </Button>
            ) : null}
            <Button
              variant="ghost"
              size="xs"
              onClick={() => {
                setSelected(new Set());
                setAllMatching(false);
                setConfirming(false);
              }}
            >
              <X aria-hidden="true" />
              {t('clear')}
            </Button>
          </div>
          <div className="mt-2 flex flex-wrap items-end gap-2">
            <label className="text-xs font-medium text-slate-700">
              <span className="mb-1 block">{t('action')}</span>
              <Select
                value={kind}
                onChange={(event) => {
                  setKind(event.target.value as Kind);
                  setValue('');
                  setConfirming(false);
                }}
                data-testid="bulk-kind"
                className="h-9 min-w-40"
              >
                <option value="assign">{t('assign')}</option>
                <option value="status">{t('status')}</option>
                <option value="priority">{t('priority')}</option>
                <option value="category">{t('category')}</option>
                <option value="addTag">{t('tag')}</option>
              </Select>
            </label>
            <label className="text-xs font-medium text-slate-700">
              <span className="mb-1 block">{t('value')}</span>
              {kind === 'addTag' ? (
                <Input
                  value={value}
                  onChange={(event) => setValue(event.target.value)}
                  placeholder={t('tagPlaceholder')}
                  inputSize="xs"
                  data-testid="bulk-value"
                />
              ) : (
                <Select value={value} onChange={(event) => setValue(event.target.value)} className="h-9 min-w-48" data-testid="bulk-value">
                  <option value="">—</option>
                  {valueOptions[kind].map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </Select>
              )}
            </label>
            {confirming ? null : (
              <Button
                size="custom"
                className="h-9 px-4 text-sm"
                onClick={() => {
                  form.setFormError(null);
                  if (change()) setConfirming(true);
                  else form.setFormError(t('errors.invalid'));
                }}
                data-testid="bulk-apply"
              >
                {t('apply')}
              </Button>
            )}
          </div>
          {confirming ? (
            <div role="alertdialog" aria-labelledby="bulk-confirm-text" className="mt-3 rounded-lg bg-white p-3 ring-1 ring-brand-200">
              <p id="bulk-confirm-text" className="text-sm text-slate-800">
                {allMatching ? t('confirmAll') : t('confirm', { count })}
              </p>
              <div className="mt-2 flex gap-2">
                <Button
                  size="custom"
                  className="h-9 px-4 text-sm"
                  onClick={apply}
                  disabled={form.isPending}
                  data-testid="bulk-confirm"
                  autoFocus
                >
                  {form.isPending ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : null}
                  {t('confirmButton')}
                </Button>
                <Button variant="secondary" size="custom" className="h-9 px-4 text-sm" onClick={() => setConfirming(false)}>
                  {t('cancel')}
                </Button>
              </div>
            </div>
          ) : null}
          {form.formError ? (
            <p role="alert" className="mt-2 text-sm text-red-700">
              {form.formError}
            </p>
          ) : null}
        </section>
      ) : null}
      {children}
    </SelectionContext.Provider>
  );
}

/** A row's checkbox; Shift+click selects the range from the last one clicked. */
export function BulkCheckbox({ number, label }: { number: string; label: string }) {
  const selection = useContext(SelectionContext);
  if (!selection) return null;
  return (
    <input
      type="checkbox"
      aria-label={label}
      data-testid="bulk-checkbox"
      className="relative z-10 size-4 rounded border-slate-300 accent-brand-600"
      checked={selection.isSelected(number)}
      onChange={() => undefined}
      onClick={(event) => selection.toggle(number, event.shiftKey)}
    />
  );
}
