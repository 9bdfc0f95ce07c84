'use server';

import { headers } from 'next/headers';
import { runAction, type ActionResult } from '@/server/actions/run-action';
import { recordFeedback } from '@/server/kb/feedback';
import type { FeedbackInput } from '@/server/kb/schemas';
import { clientIp } from '@/server/rate-limit';

/** "Czy to pomogło?" for one article; anyone may answer (rate-limited per address). */
export async function sendKbFeedback(articleId: string, input: FeedbackInput): Promise<ActionResult<{ id: string }>> {
  const ip = clientIp(await headers());
  return runAction({
    name: 'sendKbFeedback',
    refresh: false,
    run: () => recordFeedback(articleId, input, ip),
    expected: (error, { t }) => ({ formError: t(error.kind === 'rate_limited' ? 'kb.feedback.rateLimited' : 'kb.feedback.notFound') }),
  });
}
