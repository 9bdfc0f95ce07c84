import type { ActionResult } from '@/server/actions/result';
import type { PLANS } from '@/server/tickets/schemas';

type ResettablePlanForm =
  | { plan: (typeof PLANS)[number]; actions: { reset: (plan: string) => Promise<ActionResult> } }
  | { plan: 'VISITOR'; actions: { reset: () => Promise<ActionResult> } };

/**
 * A per-plan admin form's "back to defaults" action, bound to the form's plan: a plan's row is named by its plan,
 * the visitors' settings (people on the public site without an account) are one row of their own.
 */
export function boundReset(form: ResettablePlanForm): () => Promise<ActionResult> {
  if (form.plan === 'VISITOR') {
    const { reset } = form.actions;
    return () => reset();
  }
  const { reset } = form.actions;
  const plan = form.plan;
  return () => reset(plan);
}
