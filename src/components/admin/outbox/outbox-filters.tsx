import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Search } from 'lucide-react';
import { OUTBOX_STATUS_FILTERS, type OutboxQuery } from '@/server/admin/outbox-schemas';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { cn } from '@/lib/cn';
import { AGENT_PATHS } from '@/server/links';

export const OUTBOX_PATH = AGENT_PATHS.outbox;

/** The list's URL for a set of filters (no cursor: a changed filter starts from the newest again). */
export function outboxHref(query: Partial<Pick<OutboxQuery, 'status' | 'template' | 'q' | 'after'>>): string {
  const params = new URLSearchParams();
  if (query.status && query.status !== 'all') params.set('status', query.status);
  if (query.template) params.set('template', query.template);
  if (query.q) params.set('q', query.q);
  if (query.after) params.set('after', query.after);
  const search = params.toString();
  return search ? `${OUTBOX_PATH}?${search}` : OUTBOX_PATH;
}

/**
 * Status as one-click pills, template and recipient / ticket search as a plain GET form: the URL holds the
 * filters, so they survive a reload and can be shared, and the page works before any JavaScript has loaded.
 */
export async function OutboxFilters({ query, templates }: { query: OutboxQuery; templates: readonly string[] }) {
  const t = await getTranslations('adminOutbox');
  const filtered = query.status !== 'all' || Boolean(query.template) || Boolean(query.q);
  return (
    <section aria-label={t('filters.label')} className="space-y-4">
      <nav aria-label={t('filters.status')} className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
        <ul className="flex min-w-max gap-1.5">
          {OUTBOX_STATUS_FILTERS.map((status) => {
            const current = query.status === status;
            return (
              <li key={status}>
                <Link
                  href={outboxHref({ ...query, status, after: undefined })}
                  aria-current={current ? 'page' : undefined}
                  className={cn(
                    'inline-flex h-9 items-center rounded-full px-3.5 text-sm font-medium ring-1 ring-inset transition-colors',
                    current ? 'bg-brand-600 text-white ring-brand-600' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50',
                  )}
                >
                  {t(`statusFilter.${status}`)}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <form method="get" action={OUTBOX_PATH} className="grid gap-3 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)_auto] sm:items-end">
        {query.status !== 'all' ? <input type="hidden" name="status" value={query.status} /> : null}
        <div className="min-w-0">
          <Label htmlFor="outbox-template" className="mb-1.5">
            {t('filters.template')}
          </Label>
          <Select id="outbox-template" name="template" defaultValue={query.template ?? ''}>
            <option value="">{t('filters.allTemplates')}</option>
            {templates.map((template) => (
              <option key={template} value={template}>
                {template}
              </option>
            ))}
          </Select>
        </div>
        <div className="min-w-0">
          <Label htmlFor="outbox-q" className="mb-1.5">
            {t('filters.search')}
          </Label>
          <Input
            id="outbox-q"
            name="q"
            type="search"
            defaultValue={query.q ?? ''}
            placeholder={t('filters.searchPlaceholder')}
            autoComplete="off"
          />
        </div>
        <div className="flex gap-2">
          <Button type="submit" className="grow basis-0 sm:grow-0 sm:basis-auto">
            <Search aria-hidden="true" />
            {t('filters.apply')}
          </Button>
          {filtered ? (
            <Link
              href={OUTBOX_PATH}
              className="inline-flex h-11 items-center rounded-lg px-3 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900"
            >
              {t('filters.reset')}
            </Link>
          ) : null}
        </div>
      </form>
    </section>
  );
}
