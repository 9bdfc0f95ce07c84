import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { ChevronLeft, CornerDownRight, CornerUpLeft, GitMerge, MessagesSquare } from 'lucide-react';
import { CollaboratorsEditor, MergeForm } from '@/components/agent/ticket/merge-and-cc';
import { addTicketCollaborator, mergeTicketInto, removeTicketCollaborator } from './merge-cc-actions';
import { getAgentTicketView } from '@/server/agent/ticket-view';
import { currentPrincipal, requireAgentArea } from '@/server/auth/guards';
import { env } from '@/server/env';
import { parseTicketNumber } from '@/server/tickets/numbering';
import { ActivityLog } from '@/components/agent/ticket/activity-log';
import { Composer } from '@/components/agent/ticket/composer';
import { IdentifiersCard, ProblemDetails } from '@/components/agent/ticket/details-card';
import { ReporterCard, SideCard, SlaCard } from '@/components/agent/ticket/side-cards';
import { AgentThread } from '@/components/agent/ticket/thread';
import { TicketPresence } from '@/components/agent/ticket/presence';
import { TicketFields } from '@/components/agent/ticket/ticket-fields';
import { StatusPill } from '@/components/ui/status-pill';
import { AGENT_PATHS, agentChatPath, agentTicketPath } from '@/server/links';
import {
  acceptUnverifiedEmailReply,
  addTicketNote,
  clearReporterBounce,
  saveTicketChanges,
  sendAgentReply,
  setReporterPhone,
} from './actions';
import { articleLinksForTicketAction, cannedForTicket, renderCannedForTicket } from './canned-actions';

import { articlesSeenBeforeTicket } from '@/server/kb/feedback';
import { SeenArticlesCard } from '@/components/kb/seen-articles-card';
import { saveReplyAsArticle } from '../../baza-wiedzy/actions';
export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ number: string }> };

async function load(raw: string) {
  const viewer = await requireAgentArea();
  const number = parseTicketNumber(decodeURIComponent(raw));
  const ticket = number === null ? null : await getAgentTicketView(number, await currentPrincipal());
  if (!ticket) notFound();
  return { viewer, ticket };
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { ticket } = await load((await params).number);
  const t = await getTranslations('agent.ticket');
  return { title: t('metaTitle', { number: ticket.number, subject: ticket.subject }) };
}

/** The agent's ticket page: fields to edit, the reporter, identifiers and environment, thread, composer, activity. */
export default async function AgentTicketPage({ params }: Params) {
  const { viewer, ticket } = await load((await params).number);
  const t = await getTranslations('agent.ticket');
  const tw = await getTranslations('agentsWork');
  const tc = await getTranslations('agentChat.ticket');
  const format = await getFormatter();
  const config = env();
  // Rendered per request (force-dynamic): "now" is the moment this page was asked for.
  const now = new Date();
  const seenArticles = await articlesSeenBeforeTicket(ticket.id);

  return (
    <>
      <div className="mx-auto w-full max-w-7xl px-4 py-4 sm:px-6 sm:py-6 lg:px-8" data-testid="agent-ticket" data-version={ticket.version}>
        <Link
          href={AGENT_PATHS.queue}
          className="-ml-2 inline-flex h-9 items-center gap-1 rounded-lg px-2 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900"
        >
          <ChevronLeft aria-hidden="true" className="size-4" />
          {t('back')}
        </Link>
        <header className="mt-1 rounded-xl border border-slate-200 bg-white p-4 shadow-xs sm:p-5">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-500">
            <span className="rounded-md bg-slate-900 px-2 py-0.5 font-mono text-xs font-semibold text-white" data-testid="ticket-number">
              {ticket.number}
            </span>
            <StatusPill status={ticket.status} />
            {ticket.channel === 'CHAT' ? (
              <span
                className="inline-flex items-center gap-1 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-800 ring-1 ring-brand-200"
                data-testid="ticket-channel-chat"
              >
                <MessagesSquare aria-hidden="true" className="size-3.5" />
                {tc('channel')}
              </span>
            ) : null}
            {ticket.chat && ticket.chat.status !== 'ENDED' ? (
              <Link
                href={agentChatPath(ticket.chat.id)}
                className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800"
                data-testid="ticket-live-chat"
              >
                {tc('live')}
              </Link>
            ) : null}
            <span>{t('created', { date: format.dateTime(ticket.createdAt, { dateStyle: 'medium', timeStyle: 'short' }) })}</span>
            <span aria-hidden="true">·</span>
            <span>{t('lastActivity', { date: format.relativeTime(ticket.lastActivityAt, now) })}</span>
            <TicketPresence ticketNumber={ticket.number} className="w-full sm:ml-auto sm:w-auto" />
          </div>
          <h1 className="mt-2 text-xl font-bold tracking-tight text-balance break-words text-slate-900 sm:text-2xl">{ticket.subject}</h1>
          {ticket.mergedInto ? (
            <p className="mt-1 inline-flex items-center gap-1 text-sm text-slate-700" data-testid="merged-into">
              <GitMerge aria-hidden="true" className="size-3.5" />
              {tw('merge.mergedInto', { target: ticket.mergedInto })}{' '}
              <Link href={agentTicketPath(ticket.mergedInto)} className="font-medium text-brand-700 hover:underline">
                {tw('merge.open', { target: ticket.mergedInto })}
              </Link>
            </p>
          ) : null}
          {ticket.followUpOf || ticket.followUps.length ? (
            <div className="mt-1 flex flex-wrap gap-x-4 text-sm">
              {ticket.followUpOf ? (
                <Link href={agentTicketPath(ticket.followUpOf)} className="inline-flex items-center gap-1 text-brand-700 hover:underline">
                  <CornerUpLeft aria-hidden="true" className="size-3.5" />
                  {ticket.followUpOf}
                </Link>
              ) : null}
              {ticket.followUps.map((followUp) => (
                <Link
                  key={followUp}
                  href={agentTicketPath(followUp)}
                  className="inline-flex items-center gap-1 text-brand-700 hover:underline"
                >
                  <CornerDownRight aria-hidden="true" className="size-3.5" />
                  {followUp}
                </Link>
              ))}
            </div>
          ) : null}
          <div className="mt-4 border-t border-slate-100 pt-4">
            <TicketFields
              save={saveTicketChanges.bind(null, ticket.number)}
              version={ticket.version}
              values={{
                status: ticket.status,
                priority: ticket.priority,
                category: ticket.category,
                assigneeId: ticket.assignee?.id ?? null,
                tags: ticket.tags,
              }}
              staff={ticket.staff}
              meId={viewer.user.id}
            />
          </div>
        </header>

        <div className="mt-4 grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem] lg:items-start">
          <div className="min-w-0 space-y-4">
            <ProblemDetails details={ticket.details} />
            <section aria-labelledby="thread-title">
              <h2 id="thread-title" className="sr-only">
                {t('thread.title')}
              </h2>
              <AgentThread
                messages={ticket.messages}
                acceptReply={acceptUnverifiedEmailReply.bind(null, ticket.number)}
                saveAsArticle={saveReplyAsArticle}
              />
            </section>
            <Composer
              actions={{ reply: sendAgentReply.bind(null, ticket.number), note: addTicketNote.bind(null, ticket.number) }}
              canned={{
                list: cannedForTicket.bind(null, ticket.number),
                render: renderCannedForTicket.bind(null, ticket.number),
                articles: articleLinksForTicketAction.bind(null, ticket.number),
              }}
              ticketNumber={ticket.number}
              version={ticket.version}
              status={ticket.status}
              limits={{
                maxFileBytes: config.UPLOAD_MAX_FILE_MB,
                maxFiles: config.UPLOAD_MAX_FILES,
                maxTotalBytes: config.UPLOAD_MAX_TOTAL_MB,
              }}
            />
          </div>
          <aside className="min-w-0 space-y-4 lg:sticky lg:top-20">
            <ReporterCard
              reporter={ticket.reporter}
              clearBounce={clearReporterBounce.bind(null, ticket.reporter.id)}
              setPhone={setReporterPhone.bind(null, ticket.reporter.id)}
              logCallHref={`/agent/telefon?zarejestruj=1&zgloszenie=${ticket.numberValue}`}
            />
            <IdentifiersCard details={ticket.details} channel={ticket.channel} />
            <SlaCard sla={ticket.sla} now={now} chat={ticket.chat} />
            <SideCard title={tw('cc.title')}>
              <CollaboratorsEditor
                people={ticket.collaborators}
                add={addTicketCollaborator.bind(null, ticket.number)}
                remove={removeTicketCollaborator.bind(null, ticket.number)}
              />
            </SideCard>
            {ticket.mergedInto || ticket.status === 'CLOSED' ? null : (
              <SideCard title={tw('merge.title')}>
                <MergeForm source={ticket.number} merge={mergeTicketInto.bind(null, ticket.number)} />
              </SideCard>
            )}
            <SeenArticlesCard articles={seenArticles} />
            <SideCard title={t('activity.title')}>
              <ActivityLog events={ticket.events} />
            </SideCard>
          </aside>
        </div>
      </div>
    </>
  );
}
