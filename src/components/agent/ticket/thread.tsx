import { getFormatter, getTranslations } from 'next-intl/server';
import { ChevronRight, Download, Lock, Mail, MessageSquareText, ShieldAlert } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import type { AgentTicketMessage } from '@/server/agent/ticket-view';
import { UserAvatar } from '@/components/auth/user-avatar';
import { MessageBody } from '@/components/ui/message-body';
import { cn } from '@/lib/cn';
import { messageRawEmailPath } from '@/server/links';
import { AcceptReplyButton } from './accept-reply-button';
import { SaveAsArticleButton } from '@/components/kb/save-as-article-button';
import { LightboxProvider, MessageAttachments } from './attachments';

/**
 * The whole conversation as the team sees it: the customer's messages, public replies, and internal notes set
 * apart (amber, "Notatka wewnętrzna", a lock) so nobody mistakes one for something the customer has read.
 */
export async function AgentThread({
  messages,
  acceptReply,
  saveAsArticle,
}: {
  messages: AgentTicketMessage[];
  /** The page's action that accepts an unverified e-mail reply, bound to the ticket. */
  acceptReply: (messageId: string) => Promise<ActionResult>;
  /** "Zapisz jako artykuł": starts a knowledge-base draft from an agent's reply. */
  saveAsArticle?: (messageId: string) => Promise<ActionResult>;
}) {
  const t = await getTranslations('agent.ticket.thread');
  const format = await getFormatter();
  const images = messages.flatMap((message) => message.attachments.filter((file) => file.kind === 'IMAGE'));

  if (!messages.length) return <p className="text-sm text-slate-500">{t('empty')}</p>;
  return (
    <LightboxProvider images={images}>
      <ol className="space-y-4" data-testid="agent-thread">
        {messages.map((message) => {
          const isNote = message.type === 'NOTE';
          const isCustomer = message.type === 'CUSTOMER';
          const name = message.author ? (message.author.name ?? message.author.email) : t('unknownAuthor');
          return (
            <li
              key={message.id}
              data-testid="thread-message"
              data-type={message.type}
              className={cn(
                'rounded-xl border shadow-xs',
                isNote ? 'border-amber-300 bg-amber-50' : isCustomer ? 'border-slate-200 bg-white' : 'border-brand-200 bg-brand-50/40',
              )}
            >
              <div className="flex flex-wrap items-center gap-x-2.5 gap-y-1 px-4 pt-3">
                <UserAvatar name={name} size="sm" tone={isNote ? 'note' : isCustomer ? 'customer' : 'agent'} />
                <span className="font-semibold text-slate-900">{name}</span>
                {message.unverifiedSender ? (
                  <span className="inline-flex items-center gap-1 rounded-full bg-amber-200/70 px-2 py-0.5 text-xs font-semibold text-amber-900">
                    <ShieldAlert aria-hidden="true" className="size-3" />
                    {t('unverified')}
                  </span>
                ) : isNote ? (
                  <span className="inline-flex items-center gap-1 rounded-full bg-amber-200/70 px-2 py-0.5 text-xs font-semibold text-amber-900">
                    <Lock aria-hidden="true" className="size-3" />
                    {t('note')}
                  </span>
                ) : isCustomer ? (
                  <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">{t('customer')}</span>
                ) : (
                  <span className="inline-flex items-center gap-1 rounded-full bg-brand-100 px-2 py-0.5 text-xs font-medium text-brand-800">
                    <MessageSquareText aria-hidden="true" className="size-3" />
                    {t('publicReply')}
                  </span>
                )}
                {message.channel === 'EMAIL' ? <Mail aria-hidden="true" className="size-3.5 text-slate-400" /> : null}
                <time
                  dateTime={message.createdAt.toISOString()}
                  title={format.dateTime(message.createdAt, { dateStyle: 'full', timeStyle: 'medium' })}
                  className="ml-auto text-xs text-slate-500"
                >
                  {format.dateTime(message.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
                </time>
              </div>
              <div className="px-4 pt-2 pb-4">
                <MessageBody body={message.body} format={message.format} className="text-sm leading-relaxed text-slate-800" />
                {message.trimmedText ? (
                  // What trimming took off the e-mail: one click away, closed by default (a native disclosure, keyboard-ready).
                  <details className="group mt-2" data-testid="quoted-text">
                    <summary className="inline-flex cursor-pointer list-none items-center gap-1 rounded py-1 text-xs font-medium text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 [&::-webkit-details-marker]:hidden">
                      <ChevronRight aria-hidden="true" className="size-3.5 transition-transform group-open:rotate-90" />
                      <span className="group-open:hidden">{t('showQuoted')}</span>
                      <span className="hidden group-open:inline">{t('hideQuoted')}</span>
                    </summary>
                    <p className="mt-2 border-l-2 border-slate-300 pl-3 text-sm leading-relaxed break-words whitespace-pre-wrap text-slate-600">
                      {message.trimmedText}
                    </p>
                  </details>
                ) : null}
                <MessageAttachments files={message.attachments} />
                {message.hasRawEmail ? (
                  <a
                    href={messageRawEmailPath(message.id)}
                    download
                    className="mt-2 inline-flex items-center gap-1 py-1 text-xs font-medium text-slate-600 underline underline-offset-2 hover:text-slate-900"
                  >
                    <Download aria-hidden="true" className="size-3.5" />
                    {t('rawEmail')}
                  </a>
                ) : null}
                {saveAsArticle && message.type === 'AGENT' ? <SaveAsArticleButton action={saveAsArticle.bind(null, message.id)} /> : null}
                {message.unverifiedSender ? (
                  <div data-testid="unverified-reply">
                    <p className="mt-3 text-xs text-amber-900">{t('unverifiedHint')}</p>
                    <AcceptReplyButton action={acceptReply.bind(null, message.id)} />
                  </div>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
    </LightboxProvider>
  );
}
