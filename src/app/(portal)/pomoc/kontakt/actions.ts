'use server';

import type { ContactFormInput } from '@/server/tickets/schemas';

export type SubmitContactFormResult =
  | { ok: true; ticket: { number: string; url: string; email: string } }
  | { ok: false; fieldErrors: Record<string, string[]>; formError?: string };

/** Placeholder until the domain function lands (the lead engineer is writing it). */
export async function submitContactForm(input: ContactFormInput): Promise<SubmitContactFormResult> {
  void input;
  return { ok: false, fieldErrors: {}, formError: 'not implemented yet' };
}
