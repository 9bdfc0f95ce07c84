import type { TicketCategory, TicketPriority } from '@/generated/prisma/enums';
import { canAccessAdmin, type Principal } from '@/server/auth/policy';
import { db, type Tx } from '@/server/db/client';
import { transact } from '@/server/db/transact';
import { err, ok, type Result } from '@/server/result';
import { TICKET_CATEGORIES, TICKET_PRIORITIES, toFieldErrors, type FieldErrors } from '@/server/tickets/schemas';
import { categorySettingsSchema } from './schema';

/**
 * Categories stay an enum (the contact form's sections follow them); their names, help text, visibility, order
 * and routing are data (CategorySetting). A category without a row keeps the catalogue's texts, is visible,
 * sits at its catalogue position and has no defaults.
 */

export interface CategorySettingView {
  category: TicketCategory;
  labelPl: string | null;
  labelEn: string | null;
  descriptionPl: string | null;
  descriptionEn: string | null;
  active: boolean;
  defaultPriority: TicketPriority | null;
  defaultAssigneeId: string | null;
}

/** Every category, in the configured order. */
export async function categorySettings(client: Tx = db()): Promise<CategorySettingView[]> {
  const rows = await client.categorySetting.findMany();
  const order = (category: TicketCategory) => {
    const row = rows.find((r) => r.category === category);
    return row ? row.position : TICKET_CATEGORIES.indexOf(category);
  };
  return [...TICKET_CATEGORIES]
    .sort((a, b) => order(a) - order(b) || TICKET_CATEGORIES.indexOf(a) - TICKET_CATEGORIES.indexOf(b))
    .map((category) => {
      const row = rows.find((r) => r.category === category);
      return {
        category,
        labelPl: row?.labelPl ?? null,
        labelEn: row?.labelEn ?? null,
        descriptionPl: row?.descriptionPl ?? null,
        descriptionEn: row?.descriptionEn ?? null,
        active: row?.active ?? true,
        defaultPriority: row?.defaultPriority ?? null,
        defaultAssigneeId: row?.defaultAssigneeId ?? null,
      };
    });
}

export interface ContactCategory {
  category: TicketCategory;
  /** Null: the catalogue's text for the locale. */
  label: string | null;
  description: string | null;
}

/** What the contact form offers: the visible categories in order, with the configured texts for `locale`. */
export async function contactCategories(locale: 'pl' | 'en'): Promise<ContactCategory[]> {
  const settings = await categorySettings();
  return settings
    .filter((s) => s.active)
    .map((s) => ({
      category: s.category,
      label: locale === 'pl' ? s.labelPl : s.labelEn,
      description: locale === 'pl' ? s.descriptionPl : s.descriptionEn,
    }));
}

export interface NewTicketRules {
  active: boolean;
  defaultPriority: TicketPriority | null;
  /** Only while that user is an active agent or admin; otherwise the ticket starts unassigned. */
  defaultAssignee: { id: string; name: string | null } | null;
}

/**
 * What createTicket applies to a new ticket in `category`, read inside its transaction. One statement with the
 * default assignee joined in (Prisma would read the relation with a second query): it runs for every new ticket.
 */
export async function newTicketRules(tx: Tx, category: TicketCategory): Promise<NewTicketRules> {
  const [row] = await tx.$queryRaw<
    { active: boolean; defaultPriority: TicketPriority | null; assigneeId: string | null; assigneeName: string | null }[]
  >`
    SELECT c."active", c."defaultPriority"::text AS "defaultPriority", u."id" AS "assigneeId", u."name" AS "assigneeName"
    FROM "CategorySetting" c
    LEFT JOIN "User" u ON u."id" = c."defaultAssigneeId" AND u."active" AND u."role" IN ('AGENT', 'ADMIN')
    WHERE c."category" = ${category}::"TicketCategory"`;
  return {
    active: row?.active ?? true,
    defaultPriority: row?.defaultPriority ?? null,
    defaultAssignee: row?.assigneeId ? { id: row.assigneeId, name: row.assigneeName } : null,
  };
}

/** The higher of the reporter's priority and the category's default: a default raises, never lowers. */
export function appliedPriority(reported: TicketPriority, categoryDefault: TicketPriority | null): TicketPriority {
  if (!categoryDefault) return reported;
  return TICKET_PRIORITIES.indexOf(categoryDefault) > TICKET_PRIORITIES.indexOf(reported) ? categoryDefault : reported;
}

export interface AssignableAgent {
  id: string;
  name: string | null;
  email: string;
}

export type CategoryAdminError = { kind: 'forbidden' } | { kind: 'invalid'; fieldErrors: FieldErrors };

export async function categoryAdminData(
  principal: Principal,
): Promise<Result<{ settings: CategorySettingView[]; agents: AssignableAgent[] }, CategoryAdminError>> {
  if (!canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  const [settings, agents] = await Promise.all([categorySettings(), activeStaff()]);
  return ok({ settings, agents });
}

function activeStaff(client: Tx = db()): Promise<AssignableAgent[]> {
  return client.user.findMany({
    where: { active: true, role: { in: ['AGENT', 'ADMIN'] } },
    orderBy: [{ name: 'asc' }, { email: 'asc' }],
    select: { id: true, name: true, email: true },
  });
}

/** Saves every category at once (the list's order becomes their positions); at least one stays visible. */
export async function saveCategorySettings(principal: Principal, input: unknown): Promise<Result<{ saved: number }, CategoryAdminError>> {
  if (!canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  const parsed = categorySettingsSchema.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  return transact<{ saved: number }, CategoryAdminError>(async (tx) => {
    const staff = new Set((await activeStaff(tx)).map((a) => a.id));
    const fieldErrors: FieldErrors = {};
    parsed.data.forEach((row, index) => {
      if (row.defaultAssigneeId && !staff.has(row.defaultAssigneeId))
        fieldErrors[`${index}.defaultAssigneeId`] = ['adminCategories.errors.assigneeInactive'];
    });
    if (Object.keys(fieldErrors).length) return err({ kind: 'invalid', fieldErrors });
    for (const [position, { category, ...data }] of parsed.data.entries()) {
      await tx.categorySetting.upsert({ where: { category }, create: { category, position, ...data }, update: { position, ...data } });
    }
    return ok({ saved: parsed.data.length });
  });
}
