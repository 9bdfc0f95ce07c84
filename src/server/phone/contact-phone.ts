import { isStaff, type Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { err, ok, type Result } from '@/server/result';
import { toFieldErrors, type FieldErrors } from '@/server/tickets/schemas';
import { contactPhoneSchema, type SavedPhone } from './call-log-schema';
import { formatPhone } from './numbers';

/**
 * Setting a customer's phone number (User.phone, E.164), which the CTI hook and the call log's search match
 * callers by: an agent for any customer (the reporter card in the ticket view), a customer only for themselves
 * ("Moje dane"). Anyone else's id from a customer is answered as if it did not exist.
 */
export type ContactPhoneError = { kind: 'not_found' } | { kind: 'invalid'; fieldErrors: FieldErrors };

export async function setContactPhone(principal: Principal, input: unknown): Promise<Result<SavedPhone, ContactPhoneError>> {
  if (principal.kind !== 'user') return err({ kind: 'not_found' });
  const parsed = contactPhoneSchema.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  const targetId = parsed.data.userId ?? principal.userId;
  const staff = isStaff(principal);
  if (!staff && targetId !== principal.userId) return err({ kind: 'not_found' });
  // Staff edit customers' numbers here; their own (and colleagues') are not caller numbers.
  const where = staff ? { id: targetId, role: 'CUSTOMER' as const } : { id: targetId };
  const { count } = await db().user.updateMany({ where, data: { phone: parsed.data.phone } });
  if (count === 0) return err(staff ? { kind: 'invalid', fieldErrors: { phone: ['phone.errors.notCustomer'] } } : { kind: 'not_found' });
  const phone = parsed.data.phone;
  return ok({ phone, phoneDisplay: phone ? formatPhone(phone) : null });
}

/** The signed-in customer's own number ("Moje dane"), or null for anyone who is not a signed-in customer. */
export async function ownPhone(principal: Principal): Promise<SavedPhone | null> {
  if (principal.kind !== 'user' || principal.role !== 'CUSTOMER') return null;
  const user = await db().user.findUnique({ where: { id: principal.userId }, select: { phone: true } });
  if (!user) return null;
  return { phone: user.phone, phoneDisplay: user.phone ? formatPhone(user.phone) : null };
}
