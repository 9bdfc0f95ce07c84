'use client';

import { useTranslations } from 'next-intl';
import { Alert } from '@/components/ui/alert';
import { fieldId } from './form-model';

export interface SummaryEntry {
  path: string;
  label: string;
  messages: string[];
}

/**
 * The list of what to fix, at the top of the form: announced once as an alert, each entry a link to its field.
 * Focus itself goes to the first invalid field, so keyboard users can start fixing straight away.
 */
export function ErrorSummary({ entries }: { entries: SummaryEntry[] }) {
  const t = useTranslations('ticketForm.errorSummary');
  if (!entries.length) return null;
  return (
    <Alert tone="error" role="alert" title={t('title', { count: entries.length })}>
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
