import { contactFormSchema, toFieldErrors, type FieldErrors } from './schemas';
import { createTicket, type CreatedTicket } from './create';
import type { Viewer } from '@/server/auth/viewer';
import { hitAll } from '@/server/rate-limit';
import { env } from '@/server/env';
import { describeAttachmentError } from '@/server/attachments';
import { translateFieldErrors } from '@/i18n/messages';
import type { Locale } from '@/i18n/config';
import { translator } from '@/i18n/messages';
import { err, ok, type Result } from '@/server/result';

export interface FormRejection {
  /** Field path → translated messages, shown next to each field. */
  fieldErrors: FieldErrors;
  /** A message for the whole form (rate limit, attachments that expired, …). */
  formError?: string;
}

/**
 * The contact form's way in: validate with the shared schema, decide who the reporter is (the session's
 * user, or the name and e-mail a guest typed), apply the per-IP and per-e-mail limits, create the ticket.
 */
export async function fileTicketFromForm(
  rawInput: unknown,
  context: { viewer: Viewer; ip: string; locale: Locale },
): Promise<Result<CreatedTicket, FormRejection>> {
  const parsed = contactFormSchema.safeParse(rawInput);
  const fieldErrors: FieldErrors = parsed.success ? {} : toFieldErrors(parsed.error);
  const input = parsed.success ? parsed.data : null;
  if (context.viewer.kind === 'guest' && input && !input.reporter) {
    fieldErrors['reporter.name'] = ['errors.name.required'];
    fieldErrors['reporter.email'] = ['errors.email.required'];
  }
  if (!input || Object.keys(fieldErrors).length) {
    return err({ fieldErrors: translateFieldErrors(fieldErrors, context.locale) });
  }
  // Bots fill every field; people never see this one. Answer as if refused for validity, reveal nothing.
  if (input.website) return err({ fieldErrors: {}, formError: translator(context.locale)('errors.invalid') });

  const email = context.viewer.kind === 'user' ? context.viewer.user.email : (input.reporter?.email ?? '');
  const limits = env();
  const decision = await hitAll([
    { key: `ticket:ip:${context.ip}`, limit: limits.RATE_LIMIT_TICKETS_PER_IP },
    { key: `ticket:email:${email}`, limit: limits.RATE_LIMIT_TICKETS_PER_EMAIL },
  ]);
  if (!decision.allowed) {
    return err({ fieldErrors: {}, formError: translator(context.locale)('errors.rateLimited') });
  }

  const result = await createTicket({
    fields: input,
    reporter:
      context.viewer.kind === 'user'
        ? { userId: context.viewer.user.id }
        : { email: input.reporter?.email ?? '', name: input.reporter?.name ?? '', locale: context.locale },
    channel: 'WEB',
    attachmentTokens: input.attachmentTokens,
    idempotencyKey: input.idempotencyKey,
  });
  if (!result.ok) {
    if (result.error.kind === 'category_hidden')
      return err({ fieldErrors: { category: [translator(context.locale)('adminCategories.hiddenCategory')] } });
    return err({ fieldErrors: { attachments: [describeAttachmentError(result.error.error, context.locale)] } });
  }
  return ok(result.value);
}
