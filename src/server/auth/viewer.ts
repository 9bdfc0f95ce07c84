import type { Plan, Role } from '@/generated/prisma/enums';

/**
 * Who is asking. Customers normally arrive signed in from the Vouchie panel (SSO comes with the sign-in
 * work); until then everyone on the portal is a guest who gives name and e-mail in the form.
 */
export type Viewer =
  | { kind: 'guest' }
  | {
      kind: 'user';
      user: { id: string; name: string | null; email: string; role: Role; locale: string; isCompanyAdmin: boolean };
      company: { id: string; name: string; plan: Plan } | null;
    };

export async function getViewer(): Promise<Viewer> {
  return { kind: 'guest' };
}
