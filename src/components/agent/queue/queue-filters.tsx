'use client';

import { useRouter } from 'next/navigation';
import { Search, SlidersHorizontal, X } from 'lucide-react';
import { useOptimistic, useState, useTransition, type FormEvent } from 'react';
import { parseQueueQuery, queueHref, type QueueSort, type QueueView } from '@/server/agent/views';
import { cn } from '@/lib/cn';
import { MultiSelect, type MultiSelectOption } from './multi-select';

export const LIST_FILTERS = ['status', 'priority', 'category', 'assignee', 'plan', 'channel'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

export interface FilterGroup {
  name: ListFilter;
  label: string;
  options: MultiSelectOption[];
}

/** What the bar edits: the URL's filter part. View and sort ride along unchanged unless the sort select moves. */
export interface FilterState {
  view: QueueView;
  sort: QueueSort;
  q: string;
  tag: string;
  from: string;
  to: string;
  lists: Record<ListFilter, string[]>;
}

export interface QueueFilterLabels {
  search: string;
  searchPlaceholder: string;
  searchHint: string;
  tag: string;
  from: string;
  to: string;
  sort: string;
  apply: string;
  filters: string;
  toggle: string;
  /** "Filtry ({count})" with {count} left in for the client to fill. */
  toggleCount: string;
  clear: string;
  clearAll: string;
  active: string;
  /** "Usuń filtr {filter}: {value}" with both placeholders left in. */
  remove: string;
  done: string;
  /** Per filter name: "2 wybrane wartości" (pre-formatted on the server, where plural rules live). */
  selectedCount: Record<ListFilter, string>;
}

const controlFrame =
  'w-full rounded-lg border border-slate-300 bg-white px-2.5 text-sm text-slate-900 shadow-xs focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none';
const control = `h-9 ${controlFrame}`;

/** Through the domain's own schema, so the bar writes exactly the canonical URL the server reads. */
function hrefOf(state: FilterState): string {
  return queueHref(
    parseQueueQuery({ view: state.view, sort: state.sort, q: state.q, tag: state.tag, from: state.from, to: state.to, ...state.lists }),
  );
}

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));

/**
 * The queue's filter bar. It only writes the URL (router.push, so the back button steps through every change);
 * the server page reads it with the shared zod schema. Several values per filter are "any of". A tick applies at
 * once and shows at once (optimistically, while the list reloads); text applies on Enter, dates on change.
 * On a phone the filters fold behind "Filtry (n)"; the active ones stay visible as removable chips.
 */
export function QueueFilters({
  state,
  groups,
  sortOptions,
  labels,
}: {
  state: FilterState;
  groups: FilterGroup[];
  sortOptions: MultiSelectOption[];
  labels: QueueFilterLabels;
}) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [current, setCurrent] = useOptimistic(state);
  const [open, setOpen] = useState(false);

  const navigate = (next: FilterState) => {
    startTransition(() => {
      setCurrent(next);
      router.push(hrefOf(next));
    });
  };
  const setList = (name: ListFilter, values: string[]) => navigate({ ...current, lists: { ...current.lists, [name]: values } });

  const chips: { key: string; filter: string; value: string; remove: FilterState }[] = [];
  for (const group of groups) {
    for (const value of current.lists[group.name]) {
      const option = group.options.find((o) => o.value === value);
      chips.push({
        key: `${group.name}:${value}`,
        filter: group.label,
        value: option?.label ?? value,
        remove: { ...current, lists: { ...current.lists, [group.name]: current.lists[group.name].filter((v) => v !== value) } },
      });
    }
  }
  if (current.tag) chips.push({ key: 'tag', filter: labels.tag, value: current.tag, remove: { ...current, tag: '' } });
  if (current.from) chips.push({ key: 'from', filter: labels.from, value: current.from, remove: { ...current, from: '' } });
  if (current.to) chips.push({ key: 'to', filter: labels.to, value: current.to, remove: { ...current, to: '' } });
  const cleared: FilterState = {
    ...current,
    tag: '',
    from: '',
    to: '',
    lists: Object.fromEntries(LIST_FILTERS.map((name) => [name, []])) as unknown as FilterState['lists'],
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    navigate({ ...current, q: String(form.get('q') ?? ''), tag: String(form.get('tag') ?? '') });
  };

  return (
    <form role="search" aria-label={labels.filters} onSubmit={onSubmit}>
      <div className="flex gap-2">
        <div className="relative flex-1">
          <label htmlFor="queue-search" className="sr-only">
            {labels.search}
          </label>
          <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-400" />
          <input
            key={state.q}
            id="queue-search"
            name="q"
            type="search"
            defaultValue={state.q}
            placeholder={labels.searchPlaceholder}
            autoComplete="off"
            className={cn(controlFrame, 'h-10 pr-16 pl-9')}
          />
          <kbd
            title={labels.searchHint}
            className="absolute top-1/2 right-2.5 hidden -translate-y-1/2 rounded border border-slate-200 bg-slate-50 px-1.5 font-mono text-xs text-slate-500 sm:block"
          >
            /
          </kbd>
        </div>
        <button
          type="button"
          onClick={() => setOpen((v) => !v)}
          aria-expanded={open}
          aria-controls="queue-filter-fields"
          data-testid="queue-filters-toggle"
          className="inline-flex h-10 shrink-0 items-center gap-1.5 rounded-lg px-3 text-sm font-medium text-slate-700 ring-1 ring-slate-300 md:hidden"
        >
          <SlidersHorizontal aria-hidden="true" className="size-4" />
          {chips.length ? fill(labels.toggleCount, { count: chips.length }) : labels.toggle}
        </button>
        <button type="submit" className="sr-only">
          {labels.apply}
        </button>
      </div>

      <div id="queue-filter-fields" className={cn('mt-3 space-y-2 md:block', open ? 'block' : 'hidden')}>
        <div className="grid grid-cols-1 gap-2 sm:grid-cols-2 md:grid-cols-3 lg:grid-cols-6">
          {groups.map((group, index) => (
            <MultiSelect
              alignEnd={index >= groups.length - 2}
              key={group.name}
              name={group.name}
              label={group.label}
              options={group.options}
              selected={current.lists[group.name]}
              onChange={(values) => setList(group.name, values)}
              labels={{ clear: labels.clear, done: labels.done, selectedCount: labels.selectedCount[group.name] }}
            />
          ))}
        </div>
        <div className="grid grid-cols-1 gap-2 sm:grid-cols-2 md:grid-cols-4">
          <div>
            <label htmlFor="queue-filter-tag" className="mb-1 block text-xs font-medium text-slate-600">
              {labels.tag}
            </label>
            <input key={state.tag} id="queue-filter-tag" name="tag" defaultValue={state.tag} className={control} />
          </div>
          <div>
            <label htmlFor="queue-filter-from" className="mb-1 block text-xs font-medium text-slate-600">
              {labels.from}
            </label>
            <input
              key={state.from}
              id="queue-filter-from"
              type="date"
              defaultValue={state.from}
              onChange={(event) => navigate({ ...current, from: event.target.value })}
              className={control}
            />
          </div>
          <div>
            <label htmlFor="queue-filter-to" className="mb-1 block text-xs font-medium text-slate-600">
              {labels.to}
            </label>
            <input
              key={state.to}
              id="queue-filter-to"
              type="date"
              defaultValue={state.to}
              onChange={(event) => navigate({ ...current, to: event.target.value })}
              className={control}
            />
          </div>
          <div>
            <label htmlFor="queue-filter-sort" className="mb-1 block text-xs font-medium text-slate-600">
              {labels.sort}
            </label>
            <select
              id="queue-filter-sort"
              value={current.sort}
              onChange={(event) => navigate({ ...current, sort: event.target.value as QueueSort })}
              className={control}
            >
              {sortOptions.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>

      {chips.length ? (
        <div className="mt-3 flex flex-wrap items-center gap-1.5" data-testid="queue-filter-chips">
          <ul aria-label={labels.active} className="flex flex-wrap gap-1.5">
            {chips.map((chip) => (
              <li key={chip.key}>
                <button
                  type="button"
                  onClick={() => navigate(chip.remove)}
                  aria-label={fill(labels.remove, { filter: chip.filter, value: chip.value })}
                  className="inline-flex h-7 max-w-full items-center gap-1 rounded-full bg-brand-50 pr-1.5 pl-2.5 text-xs text-brand-800 ring-1 ring-brand-200 hover:bg-brand-100"
                >
                  <span className="truncate">
                    <span className="text-brand-600">{chip.filter}:</span> <span className="font-medium">{chip.value}</span>
                  </span>
                  <X aria-hidden="true" className="size-3.5 shrink-0" />
                </button>
              </li>
            ))}
          </ul>
          <button
            type="button"
            onClick={() => navigate(cleared)}
            className="h-7 rounded-full px-2.5 text-xs font-semibold text-slate-600 hover:bg-slate-100 hover:text-slate-900"
          >
            {labels.clearAll}
          </button>
        </div>
      ) : null}
    </form>
  );
}
