import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Building2, Mail, MailWarning, PauseCircle, PhoneCall } from 'lucide-react';
import type { AgentTicketView } from '@/server/agent/ticket-view';
import { chatSpan } from '@/server/sla/chat-target';
import { StatusPill } from '@/components/ui/status-pill';
import { UserAvatar } from '@/components/auth/user-avatar';
import { cn } from '@/lib/cn';
import type { ActionResult } from '@/server/actions/result';
import type { SavedPhone } from '@/server/phone/call-log-schema';
import { PhoneNumberEditor } from '@/components/phone/phone-number-editor';
import { ClearBounceButton } from './clear-bounce-button';
import { agentTicketPath } from '@/server/links';

export function SideCard({ title, children, className }: { title: string; children: React.ReactNode; className?: string }) {
  return (
    <section className={cn('rounded-xl border border-slate-200 bg-white shadow-xs', className)}>
      <h2 className="border-b border-slate-100 px-4 py-2.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h2>
      <div className="px-4 py-3">{children}</div>
    </section>
  );
}

/** Who wrote in: name, e-mail, company and plan, and their latest other tickets. */
export async function ReporterCard({
  reporter,
  clearBounce,
  setPhone,
  logCallHref,
}: {
  reporter: AgentTicketView['reporter'];
  /** The page's "Wyczyść blokadę" action, bound to this reporter. */
  clearBounce: () => Promise<ActionResult>;
  /** The page's phone number action, bound to this reporter. */
  setPhone: (input: { phone: string }) => Promise<ActionResult<SavedPhone>>;
  /** "Zarejestruj rozmowę" with this reporter and ticket chosen (/agent/telefon). */
  logCallHref: string;
}) {
  const t = await getTranslations('agent.ticket.reporter');
  const tt = await getTranslations('ticket');
  const format = await getFormatter();
  const name = reporter.name ?? reporter.email;
  return (
    <SideCard title={t('title')}>
      <div className="flex items-start gap-3" data-testid="reporter-card">
        <UserAvatar name={name} size="lg" tone="dark" />
        <div className="min-w-0">
          <p className="truncate font-semibold text-slate-900">{name}</p>
          <a
            href={`mailto:${reporter.email}`}
            className="inline-flex max-w-full items-center gap-1 truncate text-sm text-brand-700 hover:underline"
          >
            <Mail aria-hidden="true" className="size-3.5 shrink-0" />
            <span className="truncate">{reporter.email}</span>
          </a>
        </div>
      </div>
      {reporter.emailBouncedAt ? <BounceWarning reporter={reporter} clearBounce={clearBounce} /> : null}
      <dl className="mt-3 grid grid-cols-[auto_1fr] items-center gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-500">{t('phone')}</dt>
        <dd className="min-w-0 text-slate-800">
          <PhoneNumberEditor phone={reporter.phone} phoneDisplay={reporter.phoneDisplay} action={setPhone} testId="reporter-phone" />
        </dd>
        <dt className="text-slate-500">{t('company')}</dt>
        <dd className="flex min-w-0 items-center gap-1.5 text-slate-800">
          <Building2 aria-hidden="true" className="size-3.5 shrink-0 text-slate-400" />
          <span className="truncate">{reporter.company?.name ?? t('noCompany')}</span>
        </dd>
        {reporter.company ? (
          <>
            <dt className="text-slate-500">{t('plan')}</dt>
            <dd>
              <span className="rounded-md bg-brand-50 px-1.5 py-0.5 text-xs font-semibold text-brand-800 ring-1 ring-brand-200">
                {tt(`plan.${reporter.company.plan}`)}
              </span>
            </dd>
          </>
        ) : null}
      </dl>
      <Link
        href={logCallHref}
        className="mt-3 inline-flex min-h-11 items-center gap-1.5 text-sm font-medium text-brand-700 underline-offset-2 hover:underline"
      >
        <PhoneCall aria-hidden="true" className="size-4 shrink-0" />
        {t('logCall')}
      </Link>
      <h3 className="mt-2 mb-1.5 text-xs font-semibold text-slate-500">{t('otherTickets')}</h3>
      {reporter.otherTickets.length ? (
        <ul className="-mx-2 space-y-0.5">
          {reporter.otherTickets.map((other) => (
            <li key={other.number}>
              <Link
                href={agentTicketPath(other.number)}
                className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-slate-50"
              >
                <span className="font-mono text-xs text-slate-500">{other.number}</span>
                <span className="min-w-0 flex-1 truncate text-slate-800">{other.subject}</span>
                <StatusPill status={other.status} compact />
              </Link>
              <span className="sr-only">{format.dateTime(other.createdAt, { dateStyle: 'medium' })}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">{t('noOtherTickets')}</p>
      )}
    </SideCard>
  );
}

/** Mail to this reporter stops after a hard bounce: say so where the agent looks before replying, and let them clear it. */
async function BounceWarning({
  reporter,
  clearBounce,
}: {
  reporter: AgentTicketView['reporter'];
  clearBounce: () => Promise<ActionResult>;
}) {
  const t = await getTranslations('adminOutbox.bounce');
  const format = await getFormatter();
  return (
    <div
      role="note"
      data-testid="reporter-bounce"
      className="mt-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
    >
      <p className="flex items-center gap-1.5 font-semibold">
        <MailWarning aria-hidden="true" className="size-4 shrink-0 text-amber-600" />
        {t('title')}
      </p>
      <p className="mt-1 leading-relaxed">
        {t('body', { date: format.dateTime(reporter.emailBouncedAt ?? new Date(), { dateStyle: 'medium', timeStyle: 'short' }) })}
      </p>
      {reporter.emailBounceReason ? (
        <p className="mt-1 font-mono text-xs break-words text-amber-900">{reporter.emailBounceReason}</p>
      ) : null}
      <ClearBounceButton action={clearBounce} email={reporter.email} />
    </div>
  );
}

/**
 * The two SLA clocks: due, met, overdue, or paused while the ticket waits on the customer. A chat ticket's first
 * response is counted in seconds from the chat's start (its plan's chat target), so it reads "45 s (cel 60 s)". A
 * chat closed before anyone answered it reads "bez odpowiedzi", and the ticket's own first-response clock (the
 * ticket SLA it was handed, src/server/chat/sessions.ts) shows beneath it.
 */
export async function SlaCard({
  sla,
  now,
  chat = null,
}: {
  sla: AgentTicketView['sla'];
  now: Date;
  chat?: Pick<NonNullable<AgentTicketView['chat']>, 'startedAt' | 'firstResponseDueAt' | 'endedAt'> | null;
}) {
  const t = await getTranslations('agent.ticket.sla');
  const format = await getFormatter();
  // Chat targets are seconds, tickets' hours: "45 s", "3 min 05 s".
  const span = (ms: number) => {
    const { minutes, seconds, padded } = chatSpan(ms);
    return minutes ? t('minutesSeconds', { minutes, seconds: padded }) : t('seconds', { seconds });
  };
  // The response that counts for the chat is one given in it, before it ended.
  const answeredInChat =
    chat && sla.firstRespondedAt && (!chat.endedAt || sla.firstRespondedAt <= chat.endedAt) ? sla.firstRespondedAt : null;
  const missedChat = chat !== null && chat.endedAt !== null && !answeredInChat;
  const chatRow = (start: Date) => {
    const due = chat?.firstResponseDueAt ?? sla.firstResponseDueAt;
    const target = due ? span(due.getTime() - start.getTime()) : null;
    let text = t('none');
    let tone = 'text-slate-700';
    const done = answeredInChat;
    if (done) {
      const late = due !== null && done > due;
      text = t(late ? 'chatLate' : 'chatMet', { time: span(done.getTime() - start.getTime()), target: target ?? '—' });
      tone = late ? 'font-semibold text-red-700' : 'text-emerald-700';
    } else if (missedChat) {
      text = t('chatMissed', { target: target ?? '—' });
      tone = 'font-semibold text-red-700';
    } else if (due && !sla.pausedAt && due < now) {
      text = t('chatOverdue', { target: target ?? '—' });
      tone = 'font-semibold text-red-700';
    } else if (target) {
      text = t('chatDue', { target });
    }
    return (
      <div className="flex items-baseline justify-between gap-3 text-sm" data-testid="sla-chat-first-response">
        <dt className="text-slate-500">{t('chatFirstResponse')}</dt>
        <dd className={cn('text-right tabular-nums', tone)}>{text}</dd>
      </div>
    );
  };
  // With the weekday: in support hours a deadline often falls on another day than "now + target".
  const when = (date: Date) =>
    format.dateTime(date, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  const row = (label: string, due: Date | null, done: Date | null) => {
    let text = t('none');
    let tone = 'text-slate-700';
    if (done) {
      text = t('met', { date: when(done) });
      tone = 'text-emerald-700';
    } else if (due && !sla.pausedAt && due < now) {
      text = t('overdue', { date: when(due) });
      tone = 'font-semibold text-red-700';
    } else if (due) {
      text = t('due', { date: when(due) });
    }
    return (
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <dt className="text-slate-500">{label}</dt>
        <dd className={cn('text-right', tone)}>{text}</dd>
      </div>
    );
  };
  return (
    <SideCard title={t('title')}>
      <div data-testid="sla-card">
        <dl className="space-y-1.5">
          {chat ? chatRow(chat.startedAt) : null}
          {!chat || missedChat ? row(t('firstResponse'), sla.firstResponseDueAt, sla.firstRespondedAt) : null}
          {row(t('resolution'), sla.resolutionDueAt, sla.resolvedAt)}
        </dl>
        {sla.pausedAt ? (
          <p className="mt-2 flex items-center gap-1.5 rounded-md bg-violet-50 px-2 py-1.5 text-xs font-medium text-violet-800">
            <PauseCircle aria-hidden="true" className="size-3.5" />
            {t('paused', { date: when(sla.pausedAt) })}
          </p>
        ) : null}
      </div>
    </SideCard>
  );
}
