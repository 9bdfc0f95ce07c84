'use server';

import { headers } from 'next/headers';
import { getLocale } from 'next-intl/server';
import { getViewer } from '@/server/auth/viewer';
import { clientIp } from '@/server/rate-limit';
import { fileTicketFromForm } from '@/server/tickets/file-from-form';
import { isLocale } from '@/i18n/config';
import type { ContactFormInput } from '@/server/tickets/schemas';

export type SubmitContactFormResult =
  | { ok: true; ticket: { number: string; url: string; email: string } }
  | { ok: false; fieldErrors: Record<string, string[]>; formError?: string };

export async function submitContactForm(input: ContactFormInput): Promise<SubmitContactFormResult> {
  const locale = await getLocale();
  const result = await fileTicketFromForm(input, {
    viewer: await getViewer(),
    ip: clientIp(await headers()),
    locale: isLocale(locale) ? locale : 'pl',
  });
  if (!result.ok) return { ok: false, ...result.error };
  const { displayNumber, url, reporterEmail } = result.value;
  return { ok: true, ticket: { number: displayNumber, url, email: reporterEmail } };
}
