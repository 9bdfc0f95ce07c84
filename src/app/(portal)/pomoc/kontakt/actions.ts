'use server';

import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';
import { getLocale } from 'next-intl/server';
import { getViewer } from '@/server/auth/viewer';
import { clientIp } from '@/server/rate-limit';
import { fileTicketFromForm } from '@/server/tickets/file-from-form';
import { logger } from '@/server/logger';
import { isLocale } from '@/i18n/config';
import { translator } from '@/i18n/messages';
import type { ContactFormInput } from '@/server/tickets/schemas';

export type SubmitContactFormResult =
  | { ok: true; ticket: { number: string; url: string; email: string } }
  | { ok: false; fieldErrors: Record<string, string[]>; formError?: string };

export async function submitContactForm(input: ContactFormInput): Promise<SubmitContactFormResult> {
  const rawLocale = await getLocale();
  const locale = isLocale(rawLocale) ? rawLocale : 'pl';
  try {
    const result = await fileTicketFromForm(input, { viewer: await getViewer(), ip: clientIp(await headers()), locale });
    if (!result.ok) return { ok: false, ...result.error };
    const { displayNumber, url, reporterEmail } = result.value;
    return { ok: true, ticket: { number: displayNumber, url, email: reporterEmail } };
  } catch (error) {
    // The form keeps everything the user typed; they get a reference to quote if it keeps failing.
    const requestId = randomUUID();
    logger.error({ err: error, requestId }, 'contact form submission failed');
    return { ok: false, fieldErrors: {}, formError: `${translator(locale)('errors.tryAgain')} (${requestId.slice(0, 8)})` };
  }
}
