import { getFormatter, getTranslations } from 'next-intl/server';
import { activityLines } from '@/server/agent/activity';
import type { AgentTicketEvent } from '@/server/agent/ticket-view';
import { formatCallDuration } from '@/server/phone/call-log-schema';
import { CALL_OUTCOMES, type CallOutcome } from '@/server/phone/callback-schemas';
import { chatSpan } from '@/server/sla/chat-target';
import { CHAT_EVENTS, EMAIL_EVENTS, eventField, TICKET_EVENTS } from '@/server/tickets/events';
import { TICKET_CATEGORIES, TICKET_PRIORITIES, type TicketCategory, type TicketPriority } from '@/server/tickets/schemas';
import { TICKET_STATUSES, type TicketStatus } from '@/server/tickets/status';

const isStatus = (value: string | undefined): value is TicketStatus =>
  value !== undefined && (TICKET_STATUSES as readonly string[]).includes(value);
const isPriority = (value: string | undefined): value is TicketPriority =>
  value !== undefined && (TICKET_PRIORITIES as readonly string[]).includes(value);
const isOutcome = (value: string | undefined): value is CallOutcome =>
  value !== undefined && (CALL_OUTCOMES as readonly string[]).includes(value);
const isCategory = (value: string | undefined): value is TicketCategory =>
  value !== undefined && (TICKET_CATEGORIES as readonly string[]).includes(value);

function stringList(data: unknown, key: string): string[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return [];
  const value: unknown = (data as Record<string, unknown>)[key];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Every event of the ticket, newest first, as a sentence: who did what, from what to what, and when. */
export async function ActivityLog({ events }: { events: AgentTicketEvent[] }) {
  const t = await getTranslations('agent.ticket.activity');
  const tt = await getTranslations('ticket');
  const format = await getFormatter();
  const tc = await getTranslations('adminCategories.activity');
  const tw = await getTranslations('agentsWork.activity');
  const tp = await getTranslations('phone');
  const ts = await getTranslations('agent.ticket.sla');
  // A chat's wait, to the second: "45 s", "3 min 05 s" (as the SLA card counts a chat's first response).
  const span = (seconds: number) => {
    const parts = chatSpan(seconds * 1000);
    return parts.minutes
      ? ts('minutesSeconds', { minutes: parts.minutes, seconds: parts.padded })
      : ts('seconds', { seconds: parts.seconds });
  };
  const when = (iso: string | undefined) => {
    const date = iso ? new Date(iso) : null;
    return date && !Number.isNaN(date.getTime()) ? format.dateTime(date, { dateStyle: 'medium', timeStyle: 'short' }) : '—';
  };

  const describe = (event: AgentTicketEvent): string => {
    const actor = event.actor?.name ?? t('someone');
    const from = eventField(event.data, 'from', 'string');
    const to = eventField(event.data, 'to', 'string');
    switch (event.type) {
      case TICKET_EVENTS.created: {
        // What the category's settings (/agent/admin/kategorie) did to the new ticket.
        const byCategory =
          typeof event.data === 'object' && event.data !== null && !Array.isArray(event.data)
            ? (event.data as Record<string, unknown>)
            : {};
        const assignee = eventField(byCategory.assignedByCategory, 'name', 'string');
        const applied = eventField(byCategory.priorityFromCategory, 'applied', 'string');
        const notes = [
          ...(isPriority(applied) ? [tc('priority', { priority: tt(`priority.${applied}`) })] : []),
          ...(assignee ? [tc('assignee', { name: assignee })] : []),
        ];
        return notes.length ? `${t('created', { actor })} · ${notes.join(' · ')}` : t('created', { actor });
      }
      case TICKET_EVENTS.statusChanged:
      case TICKET_EVENTS.reopened:
      case TICKET_EVENTS.solvedByCustomer: {
        if (!isStatus(to)) break;
        const labels = { actor, from: isStatus(from) ? tt(`status.${from}`) : '—', to: tt(`status.${to}`) };
        if (event.type === TICKET_EVENTS.solvedByCustomer) return t('solvedByCustomer', { actor });
        if (event.type === TICKET_EVENTS.reopened) return t('reopened', { actor });
        return eventField(event.data, 'via', 'string') === 'reply' && event.actor?.role !== 'CUSTOMER'
          ? t('statusViaReply', labels)
          : t('status', labels);
      }
      case TICKET_EVENTS.priorityChanged:
        if (isPriority(from) && isPriority(to)) return t('priority', { actor, from: tt(`priority.${from}`), to: tt(`priority.${to}`) });
        break;
      case TICKET_EVENTS.categoryChanged:
        if (isCategory(from) && isCategory(to)) return t('category', { actor, from: tt(`category.${from}`), to: tt(`category.${to}`) });
        break;
      case TICKET_EVENTS.assigned:
        return t('assigned', {
          actor,
          from: eventField(event.data, 'fromName', 'string') ?? t('nobody'),
          to: eventField(event.data, 'toName', 'string') ?? t('nobody'),
        });
      case TICKET_EVENTS.tagsChanged: {
        const changes = [
          ...stringList(event.data, 'added').map((tag) => `+#${tag}`),
          ...stringList(event.data, 'removed').map((tag) => `−#${tag}`),
        ].join(' ');
        return t('tags', { actor, changes });
      }
      case TICKET_EVENTS.agentReplied:
        return t('agentReplied', { actor });
      case TICKET_EVENTS.noteAdded:
        return t('noteAdded', { actor });
      case TICKET_EVENTS.customerReplied:
        return t('customerReplied', { actor });
      case TICKET_EVENTS.rated:
        return t('rated', { actor, rating: eventField(event.data, 'rating', 'number') ?? 0 });
      case TICKET_EVENTS.collaboratorsAdded:
        return event.actor
          ? tw('collaboratorsAdded', { actor, emails: stringList(event.data, 'emails').join(', ') })
          : tw('fromEmail', { emails: stringList(event.data, 'emails').join(', ') });
      case TICKET_EVENTS.collaboratorRemoved:
        return tw('collaboratorRemoved', { actor, email: eventField(event.data, 'email', 'string') ?? '' });
      case TICKET_EVENTS.mergedInto:
      case TICKET_EVENTS.mergedFrom: {
        const number = eventField(event.data, 'number', 'number');
        return tw(event.type === TICKET_EVENTS.mergedInto ? 'mergedInto' : 'mergedFrom', { actor, number: number ? `VCH-${number}` : '' });
      }
      case TICKET_EVENTS.callLogged: {
        const direction = eventField(event.data, 'direction', 'string') === 'OUTBOUND' ? 'OUTBOUND' : 'INBOUND';
        const outcome = eventField(event.data, 'outcome', 'string');
        const seconds = eventField(event.data, 'durationSeconds', 'number');
        const labels = {
          actor,
          direction: tp(`log.directionNote.${direction}`),
          outcome: isOutcome(outcome) ? tp(`outcome.${outcome}`).toLowerCase() : '—',
        };
        return seconds === undefined
          ? t('callLogged', labels)
          : t('callLoggedWithDuration', { ...labels, duration: formatCallDuration(seconds) });
      }
      case TICKET_EVENTS.followUpCreated: {
        const number = eventField(event.data, 'followUpNumber', 'number');
        return t('followUp', { actor, number: number ? `VCH-${number}` : '' });
      }
      case TICKET_EVENTS.callbackBooked:
        return t('callbackBooked', { actor });
      case TICKET_EVENTS.callbackMoved:
        return t('callbackMoved', { actor });
      case TICKET_EVENTS.callbackCancelled:
        return t('callbackCancelled', { actor });
      case TICKET_EVENTS.firstResponseBreached:
        return t('firstResponseBreached', { due: when(eventField(event.data, 'dueAt', 'string')) });
      case TICKET_EVENTS.resolutionBreached:
        return t('resolutionBreached', { due: when(eventField(event.data, 'dueAt', 'string')) });
      case CHAT_EVENTS.started:
        return t('chatStarted', { actor });
      case CHAT_EVENTS.accepted: {
        const wait = eventField(event.data, 'waitSeconds', 'number');
        return wait === undefined ? t('chatAccepted', { actor }) : t('chatAcceptedAfter', { actor, wait: span(wait) });
      }
      case CHAT_EVENTS.declined:
        return t('chatDeclined', { actor });
      case CHAT_EVENTS.transferred:
        return t('chatTransferred', { actor, to: eventField(event.data, 'toName', 'string') ?? t('nobody') });
      case CHAT_EVENTS.ended: {
        const reason = eventField(event.data, 'reason', 'string');
        if (reason === 'unanswered') return t('chatEndedUnanswered');
        if (reason === 'abandoned') return t('chatEndedAbandoned');
        return t('chatEnded', { actor });
      }
      case CHAT_EVENTS.rated:
        return t('chatRated', { actor, rating: eventField(event.data, 'rating', 'number') ?? 0 });
      case CHAT_EVENTS.transcriptSent:
        return t('chatTranscriptSent', { actor });
      case EMAIL_EVENTS.flaggedForReview:
        return t('emailFlagged', { from: eventField(event.data, 'from', 'string') ?? '—' });
      case EMAIL_EVENTS.unverifiedReply:
        return t('emailUnverified', { from: eventField(event.data, 'from', 'string') ?? '—' });
      case EMAIL_EVENTS.unverifiedReplyAccepted:
        return t('emailUnverifiedAccepted', { actor });
    }
    return t('other', { actor, type: event.type });
  };

  if (!events.length) return <p className="text-sm text-slate-500">{t('empty')}</p>;
  return (
    <ol className="relative space-y-3 border-l border-slate-200 pl-4" data-testid="activity-log">
      {activityLines(events)
        .reverse()
        .map((event) => (
          <li key={event.id} className="relative text-sm">
            <span aria-hidden="true" className="absolute top-1.5 -left-[21px] size-2.5 rounded-full bg-white ring-2 ring-slate-300" />
            <p className="leading-snug text-slate-800">{describe(event)}</p>
            <time dateTime={event.createdAt.toISOString()} className="text-xs text-slate-500">
              {format.dateTime(event.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
            </time>
          </li>
        ))}
    </ol>
  );
}
