import { cache } from 'react';
import { notFound, redirect } from 'next/navigation';
import { STAFF_SIGN_IN_PATH } from './paths';
import { canAccessAdmin, canAccessAgentArea, type Principal } from './policy';
import { principalFrom } from './principal';
import { getViewer, type Viewer } from './viewer';

/**
 * Gatekeepers for the agent area, called by its layout and by every page (a layout alone does not guard
 * pages on client navigation). Guests are sent to sign in; signed-in people without access get a 404, so the
 * area does not admit it exists.
 */
export type SignedInViewer = Extract<Viewer, { kind: 'user' }>;

/**
 * One session lookup per request, however many components ask (React's request-scoped `cache`; in a server
 * action, which renders nothing, it simply reads the session once for that call).
 */
export const currentViewer = cache(getViewer);

/** Who is asking: the session's user, else a signed ticket link (`?t=`) if the page was opened with one. */
export async function currentPrincipal(ticketLinkToken?: string | null): Promise<Principal> {
  return principalFrom({ ticketLinkToken: ticketLinkToken ?? null, viewer: await currentViewer() });
}

export async function requireAgentArea(): Promise<SignedInViewer> {
  const viewer = await currentViewer();
  if (viewer.kind === 'guest') redirect(STAFF_SIGN_IN_PATH);
  if (!canAccessAgentArea(principalFrom({ viewer }))) notFound();
  return viewer;
}

export async function requireAdminArea(): Promise<SignedInViewer> {
  const viewer = await requireAgentArea();
  if (!canAccessAdmin(principalFrom({ viewer }))) notFound();
  return viewer;
}
