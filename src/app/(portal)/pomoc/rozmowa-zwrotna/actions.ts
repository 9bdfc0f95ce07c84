'use server';

import { headers } from 'next/headers';
import { runAction, type ActionResult } from '@/server/actions/run-action';
import { cancelCallback, moveCallback, slotLabel, type ManageError } from '@/server/phone/booking';
import type { MoveCallbackInput } from '@/server/phone/booking-schema';
import { clientIp, hit } from '@/server/rate-limit';
import { err } from '@/server/result';
import type { SlotTaken } from '@/components/phone/callback-booking';

/** Changes per address and window on this page, which anyone holding a link may use without signing in. */
const CHANGES_PER_WINDOW = 20;

type Limited = ManageError | { kind: 'rate_limited' };

async function limited(): Promise<boolean> {
  return !(await hit(`callback-manage:${clientIp(await headers())}`, CHANGES_PER_WINDOW)).allowed;
}

function describe(
  error: Exclude<Limited, { kind: 'invalid' }>,
  t: (
    key: 'errors.rateLimited' | 'callbackBooking.manage.notChangeable' | 'callbackBooking.manage.invalid' | 'callbackBooking.slotTaken',
  ) => string,
) {
  switch (error.kind) {
    case 'slot_full':
      return { fieldErrors: { slot: [t('callbackBooking.slotTaken')] }, detail: { alternatives: error.alternatives }, refresh: true };
    case 'rate_limited':
      return { formError: t('errors.rateLimited') };
    case 'not_found':
      return { formError: t('callbackBooking.manage.invalid') };
    default:
      return { formError: t('callbackBooking.manage.notChangeable'), refresh: true };
  }
}

export async function moveCallbackAction(token: string, input: MoveCallbackInput): Promise<ActionResult<{ when: string }, SlotTaken>> {
  return runAction<{ slotStart: Date; slotEnd: Date }, Limited, { when: string }, SlotTaken>({
    name: 'moveCallback',
    run: async () => ((await limited()) ? err({ kind: 'rate_limited' as const }) : moveCallback(token, input)),
    expected: (error, { t }) => describe(error, t),
    success: (moved, { locale, t }) => ({
      data: { when: slotLabel(moved.slotStart, moved.slotEnd, locale) },
      message: t('callbackBooking.manage.moved'),
    }),
  });
}

export async function cancelCallbackAction(token: string): Promise<ActionResult<null, SlotTaken>> {
  return runAction<{ cancelled: true }, Limited, null, SlotTaken>({
    name: 'cancelCallback',
    run: async () => ((await limited()) ? err({ kind: 'rate_limited' as const }) : cancelCallback(token)),
    expected: (error, { t }) => describe(error, t),
    success: (_done, { t }) => ({ data: null, message: t('callbackBooking.manage.cancelled') }),
  });
}
