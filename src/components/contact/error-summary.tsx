'use client';

import type { Ref } from 'react';
import { useTranslations } from 'next-intl';
import { Alert } from '@/components/ui/alert';
import { fieldId } from './form-model';

export interface SummaryEntry {
  path: string;
  label: string;
  messages: string[];
}

/**
 * The list of what to fix, at the top of the form: announced as an alert and given focus (the form focuses it
 * through `ref`), so keyboard and screen-reader users start from the whole list; each entry links to its field.
 */
export function ErrorSummary({ entries, ref }: { entries: SummaryEntry[]; ref?: Ref<HTMLDivElement> }) {
  const t = useTranslations('ticketForm.errorSummary');
  if (!entries.length) return null;
  return (
    <Alert
      ref={ref}
      tone="error"
      role="alert"
      tabIndex={-1}
      data-testid="error-summary"
      title={t('title', { count: entries.length })}
      className="scroll-mt-24 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-600"
    >
      <p>{t('lead')}</p>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {entries.map((entry) => (
          <li key={entry.path}>
            <a
              href={`#${fieldId(entry.path)}`}
              className="font-medium underline underline-offset-2 hover:text-red-950"
              onClick={(event) => {
                const target = document.getElementById(fieldId(entry.path));
                if (!target) return;
                // Focus the control, not just scroll to it, and keep the URL free of fragments.
                event.preventDefault();
                target.focus();
                target.scrollIntoView({ block: 'center', behavior: 'smooth' });
              }}
            >
              {entry.label}
            </a>
            : {entry.messages.join(' ')}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
