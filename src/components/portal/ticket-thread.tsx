import { getFormatter, getTranslations } from 'next-intl/server';
import { ArrowRight, CircleCheck, CornerDownRight, History, Paperclip, RotateCcw } from 'lucide-react';
import type { TicketActivity, TicketView } from '@/server/tickets/queries';
import { formatBytes } from '@/server/attachments';
import type { Locale } from '@/i18n/config';
import { MessageBody } from '@/components/ui/message-body';
import { cn } from '@/lib/cn';

type Message = TicketView['messages'][number];
type Attachment = Message['attachments'][number];

type Entry = { kind: 'message'; at: Date; message: Message } | { kind: 'activity'; at: Date; activity: TicketActivity };

/** Messages and public status changes in time order; a status change made by a reply follows that reply. */
function timeline(ticket: TicketView): Entry[] {
  const entries: Entry[] = [
    ...ticket.messages.map((message): Entry => ({ kind: 'message', at: message.createdAt, message })),
    ...ticket.activity.map((activity): Entry => ({ kind: 'activity', at: activity.createdAt, activity })),
  ];
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.kind === b.kind ? 0 : a.kind === 'message' ? -1 : 1));
}

function initials(name: string): string {
  return name
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');
}

/** The public conversation: customer and agent messages with their files, and small lines for status changes. */
export async function TicketThread({
  ticket,
  locale,
  fileHref,
  ticketHref,
}: {
  ticket: TicketView;
  locale: Locale;
  fileHref: (id: string) => string;
  /** Where another ticket's number links to, or null when the reader cannot open it from here. */
  ticketHref: (number: string) => string | null;
}) {
  const t = await getTranslations('ticketPage');
  const ta = await getTranslations('portal.activity');
  const ts = await getTranslations('ticket.customerStatus');
  const format = await getFormatter();
  const when = (date: Date) => format.dateTime(date, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <ol className="space-y-4">
      {timeline(ticket).map((entry) => {
        if (entry.kind === 'activity') {
          const { activity } = entry;
          const who = activity.actor?.isStaff || !activity.actor ? ta('bySupport') : (activity.actor.name ?? ticket.reporter.name ?? '');
          let label: React.ReactNode;
          let Icon = History;
          if (activity.kind === 'followUp') {
            const href = ticketHref(activity.number);
            Icon = CornerDownRight;
            label = href ? (
              <a href={href} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                {ta('followUp', { number: activity.number })}
              </a>
            ) : (
              ta('followUp', { number: activity.number })
            );
          } else if (activity.to === 'RESOLVED') {
            Icon = CircleCheck;
            label = ta('solved');
          } else if (activity.from === 'RESOLVED' && activity.to === 'OPEN') {
            Icon = RotateCcw;
            label = ta('reopened');
          } else {
            label = ta('status', { status: ts(activity.to) });
          }
          return (
            <li key={activity.id} data-testid="activity" className="flex items-center gap-3 px-1 text-xs text-slate-500">
              <span aria-hidden="true" className="h-px flex-1 bg-slate-200" />
              <span className="flex min-w-0 flex-wrap items-center justify-center gap-x-1.5 gap-y-0.5 text-center">
                <Icon aria-hidden="true" className="size-3.5 shrink-0 text-slate-400" />
                <span className="font-medium text-slate-700">{label}</span>
                <span aria-hidden="true">·</span>
                <span>{who}</span>
                <span aria-hidden="true">·</span>
                <time dateTime={activity.createdAt.toISOString()}>{when(activity.createdAt)}</time>
              </span>
              <span aria-hidden="true" className="h-px flex-1 bg-slate-200" />
            </li>
          );
        }

        const { message } = entry;
        const staff = message.author?.isStaff ?? false;
        const name = staff
          ? t('supportTeam', { name: message.author?.name ?? '' })
          : (message.author?.name ?? ticket.reporter.name ?? ticket.reporter.email);
        const images = message.attachments.filter((file) => file.kind === 'IMAGE');
        const files = message.attachments.filter((file) => file.kind !== 'IMAGE');
        return (
          <li key={message.id} data-testid="message" className="flex gap-3">
            <span
              aria-hidden="true"
              className={cn(
                'mt-1 hidden size-9 shrink-0 items-center justify-center rounded-full text-xs font-semibold sm:flex',
                staff ? 'bg-brand-600 text-white' : 'bg-slate-200 text-slate-700',
              )}
            >
              {initials(staff ? (message.author?.name ?? 'V') : name)}
            </span>
            <article
              className={cn(
                'min-w-0 flex-1 rounded-xl border p-4 shadow-xs',
                staff ? 'border-brand-100 bg-brand-50/60' : 'border-slate-200 bg-white',
              )}
            >
              <header className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1 text-sm">
                <span className="font-semibold text-slate-900">{name}</span>
                <time className="text-xs text-slate-600" dateTime={message.createdAt.toISOString()}>
                  {when(message.createdAt)}
                </time>
              </header>
              <MessageBody body={message.body} format={message.format} className="mt-2 text-[15px] leading-relaxed text-slate-800" />
              {message.attachments.length > 0 ? (
                <div className="mt-3 space-y-2">
                  {images.length > 0 ? (
                    <ul className="flex flex-wrap gap-2" aria-label={t('attachments')}>
                      {images.map((file) => (
                        <li key={file.id}>
                          <ImageThumbnail file={file} href={fileHref(file.id)} size={formatBytes(file.size, locale)} />
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {files.length > 0 ? (
                    <ul className="flex flex-wrap gap-2" aria-label={t('attachments')}>
                      {files.map((file) => (
                        <li key={file.id}>
                          <a
                            href={fileHref(file.id)}
                            className="inline-flex min-h-11 max-w-full items-center gap-2 rounded-lg border border-slate-200 bg-white px-3 py-2 text-sm text-slate-700 hover:border-brand-300 hover:text-brand-700"
                          >
                            <Paperclip aria-hidden="true" className="size-4 shrink-0" />
                            <span className="max-w-48 truncate">{file.fileName}</span>
                            <span className="shrink-0 text-slate-500">{formatBytes(file.size, locale)}</span>
                          </a>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </div>
              ) : null}
            </article>
          </li>
        );
      })}
    </ol>
  );
}

function ImageThumbnail({ file, href, size }: { file: Attachment; href: string; size: string }) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener"
      className="group block w-36 overflow-hidden rounded-lg border border-slate-200 bg-white hover:border-brand-300 sm:w-44"
    >
      <span className="flex h-24 items-center justify-center bg-slate-100 sm:h-28">
        {/* eslint-disable-next-line @next/next/no-img-element -- served by our authorising route, not the image optimiser */}
        <img src={href} alt="" loading="lazy" className="size-full object-cover" />
      </span>
      <span className="flex items-center gap-1 px-2 py-1.5 text-xs text-slate-600 group-hover:text-brand-700">
        <span className="min-w-0 flex-1 truncate">{file.fileName}</span>
        <span className="shrink-0 text-slate-500">{size}</span>
        <ArrowRight aria-hidden="true" className="size-3 shrink-0 opacity-0 transition-opacity group-hover:opacity-100" />
      </span>
    </a>
  );
}
