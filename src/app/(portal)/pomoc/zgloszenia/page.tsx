import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { ChevronLeft, ChevronRight, CornerUpLeft, Inbox, Plus, ShieldCheck } from 'lucide-react';
import { currentPrincipal, currentViewer } from '@/server/auth/guards';
import { listTicketsForCustomer, TICKET_LIST_FILTERS, type TicketListFilter, type TicketListScope } from '@/server/tickets/queries';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { StatusPill } from '@/components/ui/status-pill';
import { cn } from '@/lib/cn';
import { PORTAL_PATHS, signInPath } from '@/server/links';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('portal.list');
  return { title: t('metaTitle'), robots: { index: false } };
}

const LIST_PATH = PORTAL_PATHS.tickets;

/** The filters as they read in the address bar (`?status=zamkniete&zakres=firma&strona=2`). */
const FILTER_PARAM: Record<TicketListFilter, string> = { open: 'otwarte', closed: 'zamkniete', all: 'wszystkie' };
const SCOPE_PARAM: Record<TicketListScope, string> = { mine: 'moje', company: 'firma' };

type SearchParams = Record<string, string | string[] | undefined>;

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function parseQuery(params: SearchParams) {
  const status = single(params.status);
  const filter = TICKET_LIST_FILTERS.find((f) => FILTER_PARAM[f] === status) ?? 'open';
  const scope: TicketListScope = single(params.zakres) === SCOPE_PARAM.company ? 'company' : 'mine';
  const page = Number.parseInt(single(params.strona) ?? '1', 10);
  return { filter, scope, page: Number.isFinite(page) ? page : 1 };
}

function listHref({ filter, scope, page }: { filter: TicketListFilter; scope: TicketListScope; page?: number }): string {
  const query = new URLSearchParams();
  if (filter !== 'open') query.set('status', FILTER_PARAM[filter]);
  if (scope !== 'mine') query.set('zakres', SCOPE_PARAM[scope]);
  if (page && page > 1) query.set('strona', String(page));
  const search = query.toString();
  return search ? `${LIST_PATH}?${search}` : LIST_PATH;
}

/** "Moje zgłoszenia": the signed-in customer's tickets (a company admin may switch to the whole company's). */
export default async function MyTicketsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const viewer = await currentViewer();
  const query = parseQuery(params);
  const list = await listTicketsForCustomer(await currentPrincipal(), query);
  if (!list || viewer.kind !== 'user') {
    const back = listHref(query);
    // Slashes may stay as they are in a query value; only what could end it needs escaping.
    redirect(signInPath(back));
  }

  const t = await getTranslations('portal.list');
  const tMyData = await getTranslations('rodo.myData');
  const format = await getFormatter();
  const company = viewer.company?.name ?? '';
  const isCompany = list.scope === 'company';
  // Someone with no tickets at all is not told their tickets are solved.
  const emptyState = list.counts.all === 0 ? 'all' : list.filter;

  return (
    <div className="mx-auto max-w-5xl px-4 py-8 sm:px-6 sm:py-10 lg:px-8 lg:py-12">
      <header className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div className="max-w-2xl">
          <p className="text-sm font-medium text-brand-700">{t('eyebrow')}</p>
          <h1 className="mt-1 text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">
            {isCompany ? t('titleCompany') : t('title')}
          </h1>
          <p className="mt-2 text-base text-slate-600">{isCompany ? t('introCompany', { company }) : t('intro')}</p>
        </div>
        <div className="flex flex-col gap-2 sm:flex-row">
          <Link href={PORTAL_PATHS.myData} className={buttonClasses({ variant: 'secondary', className: 'w-full sm:w-auto' })}>
            <ShieldCheck aria-hidden="true" />
            {tMyData('link')}
          </Link>
          <Link href={PORTAL_PATHS.contact} className={buttonClasses({ className: 'w-full sm:w-auto' })}>
            <Plus aria-hidden="true" />
            {t('newTicket')}
          </Link>
        </div>
      </header>

      <div className="mt-8 flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <nav aria-label={t('filterLabel')}>
          <ul className="grid grid-cols-3 gap-1 rounded-xl bg-slate-200/60 p-1 sm:inline-grid sm:grid-cols-[repeat(3,auto)]">
            {TICKET_LIST_FILTERS.map((filter) => {
              const current = filter === list.filter;
              return (
                <li key={filter}>
                  <Link
                    href={listHref({ filter, scope: list.scope })}
                    aria-current={current ? 'page' : undefined}
                    className={cn(
                      'flex h-10 items-center justify-center gap-1.5 rounded-lg px-2 text-sm font-medium whitespace-nowrap transition-colors sm:gap-2 sm:px-3.5',
                      current ? 'bg-white text-slate-900 shadow-sm ring-1 ring-slate-200' : 'text-slate-600 hover:text-slate-900',
                    )}
                  >
                    {t(`filter.${filter}`)}
                    <span
                      className={cn(
                        'rounded-full px-1.5 py-0.5 text-xs tabular-nums',
                        current ? 'bg-brand-50 text-brand-700' : 'bg-slate-300/60 text-slate-600',
                      )}
                    >
                      {list.counts[filter]}
                    </span>
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>

        {list.canSeeCompany ? (
          <nav aria-label={t('scopeLabel')}>
            <ul className="grid grid-cols-2 gap-1 rounded-xl border border-slate-200 bg-white p-1 shadow-xs sm:inline-grid">
              {(['mine', 'company'] as const).map((scope) => {
                const current = scope === list.scope;
                return (
                  <li key={scope}>
                    <Link
                      href={listHref({ filter: list.filter, scope })}
                      aria-current={current ? 'page' : undefined}
                      className={cn(
                        'flex h-10 items-center justify-center rounded-lg px-3.5 text-sm font-medium whitespace-nowrap transition-colors',
                        current ? 'bg-brand-600 text-white shadow-xs' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900',
                      )}
                    >
                      {t(`scope.${scope}`)}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
        ) : null}
      </div>

      {list.items.length === 0 ? (
        <Card className="mt-5 flex flex-col items-center px-6 py-14 text-center">
          <span className="flex size-14 items-center justify-center rounded-full bg-brand-50 ring-8 ring-brand-50/50">
            <Inbox aria-hidden="true" className="size-7 text-brand-600" />
          </span>
          <h2 className="mt-5 text-lg font-semibold text-slate-900">{t(`empty.${emptyState}.title`)}</h2>
          <p className="mt-2 max-w-md text-sm leading-relaxed text-slate-600">{t(`empty.${emptyState}.body`)}</p>
          <div className="mt-6 flex w-full flex-col gap-3 sm:w-auto sm:flex-row">
            {list.filter !== 'all' && list.counts.all > 0 ? (
              <Link href={listHref({ filter: 'all', scope: list.scope })} className={buttonClasses({ variant: 'secondary' })}>
                {t('empty.showAll')}
              </Link>
            ) : null}
            <Link href={PORTAL_PATHS.contact} className={buttonClasses()}>
              {t('empty.cta')}
            </Link>
          </div>
        </Card>
      ) : (
        <Card className="mt-5 overflow-hidden">
          <ul
            aria-label={t('listLabel', { filter: t(`filter.${list.filter}`), count: list.counts[list.filter] })}
            className="divide-y divide-slate-200"
          >
            {list.items.map((item) => (
              <li
                key={item.number}
                data-testid="ticket-row"
                className="group relative px-4 py-4 transition-colors hover:bg-slate-50 sm:px-6"
              >
                <div className="flex items-start gap-4">
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5">
                      <span className="font-mono text-xs font-medium text-slate-500">{item.number}</span>
                      <StatusPill status={item.status} audience="customer" />
                      {item.followUpOf ? (
                        <span className="inline-flex items-center gap-1 text-xs text-slate-500">
                          <CornerUpLeft aria-hidden="true" className="size-3.5" />
                          {t('followUpOf', { number: item.followUpOf })}
                        </span>
                      ) : null}
                    </div>
                    <h2 className="mt-1.5 text-[15px] font-semibold text-slate-900">
                      <Link
                        href={`${LIST_PATH}/${item.number}`}
                        className="line-clamp-2 break-words after:absolute after:inset-0 after:content-[''] focus-visible:outline-none group-has-[a:focus-visible]:underline"
                      >
                        {item.subject}
                      </Link>
                    </h2>
                    <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-sm text-slate-500">
                      <time
                        dateTime={item.lastActivityAt.toISOString()}
                        title={format.dateTime(item.lastActivityAt, { dateStyle: 'medium', timeStyle: 'short' })}
                      >
                        {t('updated', { time: format.relativeTime(item.lastActivityAt) })}
                      </time>
                      {isCompany ? (
                        <span>
                          {item.reporter.isViewer
                            ? t('reportedByYou')
                            : t('reportedBy', { name: item.reporter.name ?? item.reporter.email })}
                        </span>
                      ) : null}
                    </p>
                  </div>
                  <ChevronRight
                    aria-hidden="true"
                    className="mt-6 size-5 shrink-0 text-slate-300 transition-colors group-hover:text-slate-500"
                  />
                </div>
                {/* The whole row is the link's hit area; the ring shows keyboard focus on it. */}
                <span
                  aria-hidden="true"
                  className="pointer-events-none absolute inset-0 hidden ring-2 ring-brand-600 ring-inset group-has-[a:focus-visible]:block"
                />
              </li>
            ))}
          </ul>
        </Card>
      )}

      {list.pageCount > 1 ? (
        <nav aria-label={t('pagination.label')} className="mt-6 flex items-center justify-between gap-3">
          {list.page > 1 ? (
            <Link
              href={listHref({ filter: list.filter, scope: list.scope, page: list.page - 1 })}
              className={buttonClasses({ variant: 'secondary' })}
            >
              <ChevronLeft aria-hidden="true" />
              {t('pagination.previous')}
            </Link>
          ) : (
            <span />
          )}
          <p className="text-sm text-slate-600">{t('pagination.page', { page: list.page, count: list.pageCount })}</p>
          {list.page < list.pageCount ? (
            <Link
              href={listHref({ filter: list.filter, scope: list.scope, page: list.page + 1 })}
              className={buttonClasses({ variant: 'secondary' })}
            >
              {t('pagination.next')}
              <ChevronRight aria-hidden="true" />
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </div>
  );
}
