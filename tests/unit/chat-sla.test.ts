import { describe, expect, it } from 'vitest';
import { visitorChatSettingSchema } from '@/server/plan-settings/schema';
import { PLAN_SUPPORT, VISITOR_SUPPORT } from '@/server/plans';
import { chatFirstResponseDueAt, chatSpan } from '@/server/sla/chat-target';
import { slaPolicySchema, visitorChatTargetSchema } from '@/server/sla/schema';

const messages = (result: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((i) => `${i.path.join('.') || '_'}: ${i.message}`) ?? [];

describe('chat first response in seconds', () => {
  it('is due the target in wall-clock seconds after the start, whatever the day or hour', () => {
    const start = new Date('2026-12-04T15:59:30Z'); // Friday 16:59:30 in Warsaw, a minute before BIZNES closes
    expect(chatFirstResponseDueAt(start, 120).toISOString()).toBe('2026-12-04T16:01:30.000Z');
    expect(chatFirstResponseDueAt(start, 60).toISOString()).toBe('2026-12-04T16:00:30.000Z');
  });

  it('reads to the second: 45 s, 2 min 00 s, 3 min 05 s', () => {
    expect(chatSpan(45_000)).toEqual({ minutes: 0, seconds: 45, padded: '45' });
    expect(chatSpan(119_600)).toEqual({ minutes: 2, seconds: 0, padded: '00' });
    expect(chatSpan(185_000)).toEqual({ minutes: 3, seconds: 5, padded: '05' });
    expect(chatSpan(-5)).toEqual({ minutes: 0, seconds: 0, padded: '00' });
  });

  it('defaults: Premium 60 s, Biznes and visitors 120 s; visitors get chat in Biznes hours', () => {
    expect(PLAN_SUPPORT.PREMIUM.chatFirstResponseSeconds).toBe(60);
    expect(PLAN_SUPPORT.BIZNES.chatFirstResponseSeconds).toBe(120);
    expect(VISITOR_SUPPORT).toMatchObject({ chat: true, chatFirstResponseSeconds: 120, chatHours: PLAN_SUPPORT.BIZNES.chatHours });
  });
});

describe('the admin forms for chat targets and visitors', () => {
  it('takes whole seconds between 10 and 3600 next to the hour targets, and keeps them optional for older callers', () => {
    expect(
      slaPolicySchema.parse({ plan: 'PREMIUM', firstResponseHours: '2', resolutionHours: '24', chatFirstResponseSeconds: '45' }),
    ).toEqual({
      plan: 'PREMIUM',
      firstResponseHours: 2,
      resolutionHours: 24,
      chatFirstResponseSeconds: 45,
    });
    expect(slaPolicySchema.parse({ plan: 'PREMIUM', firstResponseHours: 2, resolutionHours: 24 }).chatFirstResponseSeconds).toBeUndefined();
    expect(
      messages(slaPolicySchema.safeParse({ plan: 'BIZNES', firstResponseHours: 8, resolutionHours: 72, chatFirstResponseSeconds: '1.5' })),
    ).toEqual(['chatFirstResponseSeconds: adminSla.errors.wholeSeconds']);
    expect(messages(visitorChatTargetSchema.safeParse({ chatFirstResponseSeconds: '5' }))).toEqual([
      'chatFirstResponseSeconds: adminSla.errors.secondsMin',
    ]);
    expect(messages(visitorChatTargetSchema.safeParse({ chatFirstResponseSeconds: 3601 }))).toEqual([
      'chatFirstResponseSeconds: adminSla.errors.secondsMax',
    ]);
  });

  it('checks the visitors’ chat switch and hours as a plan’s', () => {
    expect(
      visitorChatSettingSchema.parse({
        chatEnabled: false,
        chatHours: { days: [5, 1], from: '10:00', to: '16:00' },
        closedOnPublicHolidays: true,
      }),
    ).toEqual({ chatEnabled: false, chatHours: { days: [1, 5], from: '10:00', to: '16:00' }, closedOnPublicHolidays: true });
    expect(
      messages(
        visitorChatSettingSchema.safeParse({
          chatEnabled: true,
          chatHours: { days: [], from: '18:00', to: '09:00' },
          closedOnPublicHolidays: true,
        }),
      ),
    ).toEqual(['chatHours.days: adminHours.errors.noDays', 'chatHours.to: adminHours.errors.toBeforeFrom']);
  });
});
