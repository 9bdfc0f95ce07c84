'use server';

import { cookies, headers } from 'next/headers';
import { runAction, type ActionResult } from '@/server/actions/run-action';
import { DEFLECTION_COOKIE, linkSessionToTicket, verifyDeflectionSession } from '@/server/kb/feedback';
import { clientIp } from '@/server/rate-limit';
import { fileTicketFromForm } from '@/server/tickets/file-from-form';
import type { ContactFormInput } from '@/server/tickets/schemas';
import { err } from '@/server/result';

export type FiledTicket = { number: string; url: string; email: string };

export async function submitContactForm(input: ContactFormInput): Promise<ActionResult<FiledTicket>> {
  return runAction({
    name: 'submitContactForm',
    run: async ({ viewer, locale }) => {
      const result = await fileTicketFromForm(input, { viewer, ip: clientIp(await headers()), locale });
      if (!result.ok) return err({ kind: 'rejected' as const, ...result.error });
      // Articles the knowledge base suggested beside the form go with the ticket (shown to the agent).
      await linkSessionToTicket(verifyDeflectionSession((await cookies()).get(DEFLECTION_COOKIE)?.value), result.value.id);
      return result;
    },
    // fileTicketFromForm already speaks the reporter's language.
    expected: ({ fieldErrors: { _form: form, ...fieldErrors }, formError }) => ({ fieldErrors, formError: formError ?? form?.join(' ') }),
    success: ({ displayNumber, url, reporterEmail }) => ({ data: { number: displayNumber, url, email: reporterEmail } }),
    refresh: false,
  });
}
