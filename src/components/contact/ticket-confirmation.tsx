'use client';

import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { ArrowRight, Check, CircleCheck, Copy, RotateCcw } from 'lucide-react';
import { Button, buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';

export interface FiledTicket {
  number: string;
  url: string;
  email: string;
}

/** Replaces the form once the ticket exists; focus moves to its heading so screen readers announce the outcome. */
export function TicketConfirmation({ ticket, onAnother }: { ticket: FiledTicket; onAnother: () => void }) {
  const t = useTranslations('ticketForm.success');
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'center' });
  }, []);

  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 2500);
    return () => window.clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(ticket.number);
      setCopied(true);
    } catch {
      // Without clipboard permission, selecting the number lets the user copy it with the keyboard.
      const range = document.createRange();
      const element = document.querySelector('[data-testid="ticket-number"]');
      if (!element) return;
      range.selectNodeContents(element);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
    }
  };

  return (
    <Card className="overflow-hidden">
      <div className="flex flex-col items-center px-5 pt-10 pb-8 text-center sm:px-10">
        <span className="flex size-14 items-center justify-center rounded-full bg-emerald-50 ring-8 ring-emerald-50/50">
          <CircleCheck aria-hidden="true" className="size-8 text-emerald-600" />
        </span>
        <h2 ref={heading} tabIndex={-1} className="mt-5 text-2xl font-semibold tracking-tight text-slate-900 focus:outline-none">
          {t('title')}
        </h2>
        <p className="mt-2 max-w-md text-slate-600">
          {t.rich('sentTo', {
            email: ticket.email,
            strong: (chunks) => <strong className="font-semibold text-slate-900">{chunks}</strong>,
          })}
        </p>

        <div className="mt-7 w-full max-w-sm rounded-xl border border-slate-200 bg-slate-50 p-4">
          <p className="text-xs font-medium tracking-wide text-slate-600 uppercase">{t('numberLabel')}</p>
          <div className="mt-1 flex items-center justify-center gap-2">
            <p data-testid="ticket-number" className="font-mono text-3xl font-bold tracking-tight text-slate-900 select-all sm:text-4xl">
              {ticket.number}
            </p>
            <Button variant="ghost" size="icon" onClick={copy} aria-label={t('copy')} title={t('copy')}>
              {copied ? <Check aria-hidden="true" className="text-emerald-600" /> : <Copy aria-hidden="true" />}
            </Button>
          </div>
          <p role="status" className="h-5 text-sm text-emerald-700">
            {copied ? t('copied') : ''}
          </p>
        </div>

        <p className="mt-5 max-w-md text-sm text-slate-600">{t('next')}</p>

        <div className="mt-7 flex w-full flex-col-reverse gap-3 sm:w-auto sm:flex-row">
          <Button variant="secondary" onClick={onAnother}>
            <RotateCcw aria-hidden="true" />
            {t('another')}
          </Button>
          <a href={ticket.url} className={buttonClasses()}>
            {t('view')}
            <ArrowRight aria-hidden="true" />
          </a>
        </div>
      </div>
    </Card>
  );
}
