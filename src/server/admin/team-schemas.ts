import { z } from 'zod';
import { LIMITS, emailSchema, safeString } from '@/server/tickets/schemas';

/**
 * Inputs of the team page (/agent/admin/agenci) and of "Moje ustawienia" (/agent/ustawienia), shared by the
 * forms and the server. Messages are catalogue keys (translated where shown). Zod only: importable from
 * client components.
 */

export const STAFF_ROLES = ['AGENT', 'ADMIN'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const STAFF_LOCALES = ['pl', 'en'] as const;

const staffName = safeString({ error: 'adminTeam.errors.nameRequired' })
  .trim()
  .min(1, { error: 'adminTeam.errors.nameRequired' })
  .min(LIMITS.name.min, { error: 'adminTeam.errors.nameTooShort' })
  .max(LIMITS.name.max, { error: 'adminTeam.errors.nameTooLong' });

export const staffRoleSchema = z.enum(STAFF_ROLES, { error: 'adminTeam.errors.role' });
const staffLocale = z.enum(STAFF_LOCALES, { error: 'adminTeam.errors.locale' });

export const inviteStaffSchema = z.object({
  email: emailSchema,
  name: staffName,
  role: staffRoleSchema,
  locale: staffLocale,
});
export type InviteStaffInput = z.input<typeof inviteStaffSchema>;

export const notificationSettingsSchema = z.object({
  notifyNewTickets: z.boolean({ error: 'adminTeam.errors.invalid' }),
  notifyAssignedReplies: z.boolean({ error: 'adminTeam.errors.invalid' }),
});
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

export const ownSettingsSchema = notificationSettingsSchema.extend({
  /** One digest e-mail every DIGEST_INTERVAL_MINUTES instead of single notifications (absent: unchanged). */
  notifyDigest: z.boolean({ error: 'adminTeam.errors.invalid' }).optional(),
  name: staffName,
  locale: staffLocale,
});
export type OwnSettingsInput = z.input<typeof ownSettingsSchema>;

/** A user id from a form or an action's argument (never trusted beyond its shape). */
export const userIdSchema = z.uuid({ error: 'adminTeam.errors.notFound' });
