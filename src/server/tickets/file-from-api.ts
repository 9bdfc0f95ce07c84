import { acceptUpload, describeAttachmentError, type AttachmentError } from '@/server/attachments';
import { env } from '@/server/env';
import { translateFieldErrors, translator } from '@/i18n/messages';
import type { Locale } from '@/i18n/config';
import { apiTicketSchema, toFieldErrors } from './schemas';
import { createTicket, type CreatedTicket } from './create';

export interface ApiFile {
  name: string;
  bytes: Uint8Array;
}

export type ApiOutcome =
  { status: 201; ticket: CreatedTicket } | { status: 400 | 413 | 415 | 422 | 429 | 503; errors: Record<string, string[]> };

const ATTACHMENT_STATUS: Record<AttachmentError['code'], 400 | 413 | 415 | 422 | 429 | 503> = {
  empty: 422,
  too_large: 413,
  total_too_large: 413,
  too_many: 413,
  type_refused: 415,
  expired: 422,
  source_full: 429,
  storage_full: 503,
};

/**
 * POST /api/v1/tickets: the Vouchie panel files a ticket for one of its users. Same schema and the same
 * `createTicket` as the contact form; files are checked by content and stored before the ticket is created
 * (refused ones stop the request; accepted ones left unclaimed are purged by the worker).
 */
export async function fileTicketFromApi(
  payload: unknown,
  files: ApiFile[],
  context: { idempotencyKey?: string; locale: Locale },
): Promise<ApiOutcome> {
  const parsed = apiTicketSchema.safeParse(payload);
  if (!parsed.success) {
    return { status: 422, errors: translateFieldErrors(toFieldErrors(parsed.error), context.locale) };
  }
  const limits = env();
  const attachmentError = (error: AttachmentError): ApiOutcome => ({
    status: ATTACHMENT_STATUS[error.code],
    errors: { attachments: [describeAttachmentError(error, context.locale)] },
  });
  if (files.length > limits.UPLOAD_MAX_FILES) {
    return attachmentError({
      code: 'too_many',
      fileName: '',
      messageKey: 'errors.attachments.tooMany',
      params: { max: limits.UPLOAD_MAX_FILES },
    });
  }

  const tokens: string[] = [];
  for (const file of files) {
    const accepted = await acceptUpload({ fileName: file.name, bytes: file.bytes, source: 'api' });
    if (!accepted.ok) return attachmentError(accepted.error);
    tokens.push(accepted.value.token);
  }

  const { reporter, ...fields } = parsed.data;
  const result = await createTicket({
    fields,
    reporter: {
      email: reporter.email,
      name: reporter.name,
      externalId: reporter.externalId,
      locale: reporter.locale ?? context.locale,
      company: reporter.company,
    },
    channel: 'API',
    attachmentTokens: tokens,
    idempotencyKey: context.idempotencyKey,
  });
  if (!result.ok) {
    if (result.error.kind === 'category_hidden')
      return { status: 422, errors: { category: [translator(context.locale)('adminCategories.hiddenCategory')] } };
    return attachmentError(result.error.error);
  }
  return { status: 201, ticket: result.value };
}

export function invalidBody(locale: Locale, reason: 'json' | 'payload' | 'contentType' | 'tooLarge'): ApiOutcome {
  return { status: reason === 'tooLarge' ? 413 : 400, errors: { _body: [translator(locale)(`errors.api.${reason}`)] } };
}
