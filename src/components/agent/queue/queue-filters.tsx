'use client';

import { useRouter } from 'next/navigation';
import { Search, SlidersHorizontal } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { cn } from '@/lib/cn';

export interface FilterOption {
  value: string;
  label: string;
}

export interface FilterSelect {
  name: string;
  label: string;
  value: string;
  anyLabel: string;
  options: FilterOption[];
}

const control =
  'h-9 w-full rounded-lg border border-slate-300 bg-white px-2.5 text-sm text-slate-900 shadow-xs focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none';

/**
 * The queue's filter bar. It only writes the URL (router.push, so the back button steps through filter
 * changes); the server page reads the URL with the shared zod schema. Selects and dates apply at once, text on
 * Enter. Empty fields are left out so shared links stay short.
 */
export function QueueFilters({
  view,
  q,
  tag,
  from,
  to,
  selects,
  labels,
}: {
  view: string;
  q: string;
  tag: string;
  from: string;
  to: string;
  selects: FilterSelect[];
  labels: { search: string; searchPlaceholder: string; searchHint: string; tag: string; from: string; to: string; apply: string; filters: string };
}) {
  const router = useRouter();
  // On a phone the filter fields fold away behind a button (open when some are set); from md up they always show.
  const active = selects.filter((s) => s.value && s.name !== 'sort').length + (tag ? 1 : 0) + (from ? 1 : 0) + (to ? 1 : 0);
  const [open, setOpen] = useState(active > 0);

  const apply = (form: HTMLFormElement) => {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) {
      if (typeof value === 'string' && value.trim() !== '' && !(key === 'view' && value === 'all') && !(key === 'sort' && value === 'activity')) {
        params.append(key, value.trim());
      }
    }
    const search = params.toString();
    router.push(search ? `/agent?${search}` : '/agent');
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    apply(event.currentTarget);
  };
  const onChange = (event: FormEvent<HTMLFormElement>) => {
    const target = event.target as HTMLElement;
    if (target instanceof HTMLSelectElement || (target instanceof HTMLInputElement && target.type === 'date')) apply(event.currentTarget);
  };

  return (
    <form role="search" aria-label={labels.filters} onSubmit={onSubmit} onChange={onChange}>
      <input type="hidden" name="view" value={view} />
      <div className="flex gap-2">
        <div className="relative flex-1">
          <label htmlFor="queue-search" className="sr-only">
            {labels.search}
          </label>
          <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-400" />
          <input
            id="queue-search"
            name="q"
            type="search"
            defaultValue={q}
            placeholder={labels.searchPlaceholder}
            autoComplete="off"
            className={cn(control, 'h-10 pr-16 pl-9')}
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
          className="inline-flex h-10 shrink-0 items-center gap-1.5 rounded-lg px-3 text-sm font-medium text-slate-700 ring-1 ring-slate-300 md:hidden"
        >
          <SlidersHorizontal aria-hidden="true" className="size-4" />
          {labels.filters}
          {active ? <span className="rounded-full bg-brand-600 px-1.5 text-xs text-white">{active}</span> : null}
        </button>
        <button type="submit" className="sr-only">
          {labels.apply}
        </button>
      </div>
      <div id="queue-filter-fields" className={cn('mt-3 grid-cols-2 gap-2 sm:grid-cols-3 md:grid md:grid-cols-5 xl:grid-cols-10', open ? 'grid' : 'hidden')}>
        {selects.map((select) => (
          <div key={select.name}>
            <label htmlFor={`queue-filter-${select.name}`} className="mb-1 block text-xs font-medium text-slate-600">
              {select.label}
            </label>
            <select id={`queue-filter-${select.name}`} name={select.name} defaultValue={select.value} className={control}>
              {select.anyLabel ? <option value="">{select.anyLabel}</option> : null}
              {select.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
        ))}
        <div>
          <label htmlFor="queue-filter-tag" className="mb-1 block text-xs font-medium text-slate-600">
            {labels.tag}
          </label>
          <input id="queue-filter-tag" name="tag" defaultValue={tag} className={control} />
        </div>
        <div>
          <label htmlFor="queue-filter-from" className="mb-1 block text-xs font-medium text-slate-600">
            {labels.from}
          </label>
          <input id="queue-filter-from" name="from" type="date" defaultValue={from} className={control} />
        </div>
        <div>
          <label htmlFor="queue-filter-to" className="mb-1 block text-xs font-medium text-slate-600">
            {labels.to}
          </label>
          <input id="queue-filter-to" name="to" type="date" defaultValue={to} className={control} />
        </div>
      </div>
    </form>
  );
}
