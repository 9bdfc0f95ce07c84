'use client';

import { useState, type Ref } from 'react';
import { useTranslations } from 'next-intl';
import { CircleCheck, LoaderCircle, Mail, MessageCirclePlus, Star } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/cn';
import type { ChatView } from './api';
import type { Conversation } from './use-conversation';

const STARS = [1, 2, 3, 4, 5] as const;
const COMMENT_MAX = 2000;

/** After the end: the rating (1–5 + comment, as for tickets), the transcript by e-mail, a new conversation. */
export function ChatEnded({
  ref,
  chat,
  conversation,
  onNewChat,
  ticketHref,
}: {
  ref: Ref<HTMLHeadingElement>;
  chat: ChatView;
  conversation: Conversation;
  onNewChat: () => void;
  ticketHref?: (number: string) => string;
}) {
  const t = useTranslations('chat.ended');
  const tr = useTranslations('portal.rating');
  const [score, setScore] = useState<number | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [rating, setRating] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [ratingError, setRatingError] = useState<string | null>(null);
  const [transcript, setTranscript] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [transcriptError, setTranscriptError] = useState<string | null>(null);

  const rate = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!score) {
      setRatingError(t('ratingRequired'));
      return;
    }
    setRating('sending');
    setRatingError(null);
    try {
      await conversation.rate(score, comment);
      setRating('sent');
    } catch (error) {
      setRating('idle');
      setRatingError(error instanceof Error ? error.message : String(error));
    }
  };

  const sendTranscript = async () => {
    setTranscript('sending');
    setTranscriptError(null);
    try {
      await conversation.transcript();
      setTranscript('sent');
    } catch (error) {
      setTranscript('idle');
      setTranscriptError(error instanceof Error ? error.message : String(error));
    }
  };

  const shown = hover ?? score ?? 0;

  return (
    <section
      aria-labelledby="chat-ended-title"
      className="max-h-[60%] overflow-y-auto border-t border-slate-200 bg-white p-4"
      data-testid="chat-ended"
    >
      <h3
        id="chat-ended-title"
        ref={ref}
        tabIndex={-1}
        className="flex items-center gap-2 text-sm font-semibold text-slate-900 focus:outline-none"
      >
        <CircleCheck aria-hidden="true" className="size-4.5 text-emerald-600" />
        {t('title')}
      </h3>
      <p className="mt-1 text-sm text-slate-600">
        {t('lead', { number: chat.ticketNumber })}{' '}
        {ticketHref ? (
          <a href={ticketHref(chat.ticketNumber)} className="font-medium text-brand-700 underline-offset-2 hover:underline">
            {t('viewTicket')}
          </a>
        ) : null}
      </p>

      {rating === 'sent' ? (
        <p role="status" className="mt-3 rounded-lg bg-emerald-50 px-3 py-2 text-sm font-medium text-emerald-800">
          {t('ratingSent')}
        </p>
      ) : (
        <form onSubmit={(event) => void rate(event)} className="mt-3 space-y-2.5" noValidate>
          <fieldset aria-describedby={ratingError ? 'chat-rating-error' : undefined}>
            <legend className="text-sm font-medium text-slate-800">{t('rateTitle')}</legend>
            <div className="mt-1 flex items-center" onMouseLeave={() => setHover(null)}>
              {STARS.map((n) => (
                <label
                  key={n}
                  onMouseEnter={() => setHover(n)}
                  className="relative flex size-11 cursor-pointer items-center justify-center rounded-lg has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-1 has-[:focus-visible]:outline-brand-600"
                >
                  <input
                    type="radio"
                    name="chat-rating"
                    value={n}
                    checked={score === n}
                    onChange={() => {
                      setScore(n);
                      setRatingError(null);
                    }}
                    aria-label={tr('star', { count: n, label: tr(`labels.${n}`) })}
                    className="absolute inset-0 z-10 m-0 cursor-pointer appearance-none rounded-lg opacity-0"
                  />
                  <Star
                    aria-hidden="true"
                    className={cn(
                      'size-7 transition-colors',
                      n <= shown ? 'fill-amber-400 text-amber-400' : 'fill-transparent text-slate-500',
                    )}
                  />
                </label>
              ))}
              <span aria-hidden="true" className="ml-2 text-sm text-slate-600">
                {shown ? tr(`labels.${shown}`) : ''}
              </span>
            </div>
          </fieldset>
          <label htmlFor="chat-rating-comment" className="block text-sm font-medium text-slate-800">
            {tr('comment')}
          </label>
          <textarea
            id="chat-rating-comment"
            rows={2}
            maxLength={COMMENT_MAX}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
            placeholder={tr('commentPlaceholder')}
            className="block min-h-16 w-full resize-y rounded-lg border border-slate-300 px-3 py-2 text-base text-slate-900 placeholder:text-slate-500 focus-visible:border-brand-600 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-600/30 sm:text-sm"
          />
          {ratingError ? (
            <p id="chat-rating-error" role="alert" className="text-sm text-red-700">
              {ratingError}
            </p>
          ) : null}
          <Button type="submit" variant="secondary" disabled={rating === 'sending'} className="w-full sm:w-auto">
            {rating === 'sending' ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : <Star aria-hidden="true" />}
            {t('rate')}
          </Button>
        </form>
      )}

      <div className="mt-4 flex flex-col gap-2 border-t border-slate-100 pt-3 sm:flex-row sm:flex-wrap">
        {transcript === 'sent' ? (
          <p role="status" className="flex items-center gap-1.5 text-sm font-medium text-emerald-800">
            <Mail aria-hidden="true" className="size-4" />
            {t('transcriptSent')}
          </p>
        ) : (
          <Button variant="secondary" onClick={() => void sendTranscript()} disabled={transcript === 'sending'}>
            {transcript === 'sending' ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : <Mail aria-hidden="true" />}
            {t('transcript')}
          </Button>
        )}
        <Button variant="ghost" onClick={onNewChat}>
          <MessageCirclePlus aria-hidden="true" />
          {t('newChat')}
        </Button>
        {transcriptError ? (
          <p role="alert" className="w-full text-sm text-red-700">
            {transcriptError}
          </p>
        ) : null}
      </div>
    </section>
  );
}
