'use client';

import { ChevronDown } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { cn } from '@/lib/cn';

export interface MultiSelectOption {
  value: string;
  label: string;
  /** Starts a new group in the list (e.g. the agents after "mine" / "unassigned"), with this heading. */
  groupLabel?: string;
}

/**
 * One filter as a button that opens a checkbox list: Tab moves through the boxes, Space ticks, Escape (or a
 * click elsewhere, or tabbing out) closes and returns focus to the button. Each tick is reported at once; the
 * trigger carries the count ("Status · 2") and the list has its own "Wyczyść".
 */
export function MultiSelect({
  name,
  label,
  options,
  selected,
  onChange,
  labels,
  alignEnd = false,
}: {
  name: string;
  label: string;
  options: MultiSelectOption[];
  selected: string[];
  onChange: (next: string[]) => void;
  labels: { clear: string; done: string; selectedCount: string };
  /** Open towards the left (the last columns of a wide bar), so the list stays inside the page. */
  alignEnd?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const headingId = useId();
  const count = selected.length;

  useEffect(() => {
    if (!open) return;
    panelRef.current?.querySelector<HTMLInputElement>('input[type="checkbox"]')?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const close = (focusTrigger: boolean) => {
    setOpen(false);
    if (focusTrigger) triggerRef.current?.focus();
  };

  const toggle = (value: string, checked: boolean) => {
    const next = checked ? [...selected, value] : selected.filter((v) => v !== value);
    // Kept in the options' order, so the URL (and the back button's history) is stable whatever the click order.
    onChange(options.map((o) => o.value).filter((v) => next.includes(v)));
  };

  return (
    <div
      ref={rootRef}
      className="relative"
      data-testid={`queue-filter-${name}`}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.preventDefault();
          event.stopPropagation();
          close(true);
        }
      }}
      onBlur={(event) => {
        if (open && !rootRef.current?.contains(event.relatedTarget as Node | null) && event.relatedTarget !== null) setOpen(false);
      }}
    >
      <button
        ref={triggerRef}
        type="button"
        id={`queue-filter-${name}-trigger`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((v) => !v)}
        className={cn(
          'flex h-9 w-full items-center justify-between gap-2 rounded-lg border bg-white px-2.5 text-left text-sm shadow-xs focus:ring-2 focus:ring-brand-500/30 focus:outline-none',
          count > 0 ? 'text-brand-800' : 'text-slate-700',
          open ? 'border-brand-500 ring-2 ring-brand-500/30' : count > 0 ? 'border-brand-400' : 'border-slate-300',
        )}
      >
        <span className="truncate font-medium">
          {label}
          {count > 0 ? (
            <>
              <span className="text-brand-400"> · </span>
              <span className="rounded-full bg-brand-600 px-1.5 text-xs font-semibold text-white tabular-nums">{count}</span>
            </>
          ) : null}
        </span>
        <ChevronDown aria-hidden="true" className={cn('size-4 shrink-0 text-slate-400 transition-transform', open && 'rotate-180')} />
      </button>
      <div
        ref={panelRef}
        id={panelId}
        role="group"
        aria-labelledby={headingId}
        hidden={!open}
        className={cn(
          'z-30 mt-1 w-full rounded-xl border border-slate-200 bg-white p-1.5 shadow-lg sm:absolute sm:left-0 sm:w-64 sm:min-w-full',
          alignEnd && 'lg:right-0 lg:left-auto',
        )}
      >
        <div className="flex items-center justify-between gap-2 px-2 pt-1 pb-1.5">
          <p id={headingId} className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
            {label}
          </p>
          <span className="sr-only" aria-live="polite">
            {labels.selectedCount}
          </span>
        </div>
        <ul className="max-h-64 overflow-y-auto">
          {options.map((option) => {
            const checked = selected.includes(option.value);
            return (
              <li key={option.value}>
                {option.groupLabel ? (
                  <p className="mt-1 border-t border-slate-100 px-2 pt-2 pb-1 text-xs font-medium text-slate-500">{option.groupLabel}</p>
                ) : null}
                <label className="flex cursor-pointer items-center gap-2.5 rounded-lg px-2 py-1.5 text-sm text-slate-800 hover:bg-slate-50">
                  <input
                    type="checkbox"
                    name={name}
                    value={option.value}
                    checked={checked}
                    onChange={(event) => toggle(option.value, event.target.checked)}
                    className="size-4 shrink-0 rounded border-slate-300 accent-brand-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500"
                  />
                  <span className="truncate">{option.label}</span>
                </label>
              </li>
            );
          })}
        </ul>
        <div className="mt-1 flex items-center justify-between gap-2 border-t border-slate-100 px-1 pt-1.5">
          <button
            type="button"
            onClick={() => onChange([])}
            disabled={count === 0}
            className="h-8 rounded-md px-2 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 disabled:opacity-40"
          >
            {labels.clear}
          </button>
          <button
            type="button"
            onClick={() => close(true)}
            className="h-8 rounded-md px-2.5 text-sm font-semibold text-brand-700 hover:bg-brand-50"
          >
            {labels.done}
          </button>
        </div>
      </div>
    </div>
  );
}
