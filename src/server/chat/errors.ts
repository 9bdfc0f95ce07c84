import type { AttachmentError } from '@/server/attachments';
import type { SsoFailure } from '@/server/auth/sso';
import type { FieldErrors } from '@/server/tickets/schemas';
import type { AvailabilityReason } from './schemas';

/** What a chat call can refuse, as values (the routes turn each into a status, a code and a sentence). */
export type ChatError =
  /** Not there, or not this caller's: the same answer, so ids cannot be probed. */
  | { kind: 'not_found' }
  | { kind: 'ended' }
  | { kind: 'invalid'; fieldErrors: FieldErrors }
  | { kind: 'attachments'; error: AttachmentError }
  | { kind: 'unavailable'; reason: AvailabilityReason }
  | { kind: 'identity_required' }
  | { kind: 'first_message_required' }
  /** A visitor's typed address has a chat open already: joining it would need that chat's token. */
  | { kind: 'already_open' }
  | { kind: 'sso'; failure: SsoFailure }
  | { kind: 'not_ended' }
  | { kind: 'taken' }
  | { kind: 'capacity_full' }
  | { kind: 'not_yours' }
  | { kind: 'not_offered' }
  | { kind: 'not_waiting' }
  | { kind: 'agent_unavailable' };

/** Thrown inside a transaction to roll it back with a ChatError (caught by `chatTransaction`). */
export class ChatRollback extends Error {
  constructor(readonly error: ChatError) {
    super(error.kind);
  }
}
