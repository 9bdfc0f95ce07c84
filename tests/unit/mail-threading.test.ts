import { describe, expect, it } from 'vitest';
import { sign } from '@/server/auth/signing';
import { env } from '@/server/env';
import { classifyEmail } from '@/server/mail/inbound/classify';
import { parseRawEmail } from '@/server/mail/inbound/parse';
import {
  MAX_REFERENCED_IDS,
  MAX_REFERENCES,
  REPLY_TOKEN_LENGTH,
  asReplyToken,
  buildReferences,
  createReplyToken,
  extractThreadingKeys,
  parseReplyAddress,
  replyAddress,
  subjectTicketNumber,
  threadMessageId,
  tokenFromMessageId,
  verifyReplyToken,
  type ReplyToken,
  type ThreadingInput,
} from '@/server/mail/threading';
import { expectedEmails, readEmailFixture } from '../fixtures/email/fixtures';

const TICKET = '7d9c2e41-3b5a-4f68-9e12-0c4d8a6b2f37';
const OTHER_TICKET = '0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f';
const RECIPIENT = 'anna.nowak@kwiaciarnia.pl';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** The token with the character at `index` replaced by a different base32 character. */
function tamper(token: string, index: number): string {
  const current = token[index] ?? 'a';
  const replacement = BASE32[(BASE32.indexOf(current) + 1) % 32] ?? 'a';
  return `${token.slice(0, index)}${replacement}${token.slice(index + 1)}`;
}

function threadingInput(overrides: Partial<ThreadingInput> = {}): ThreadingInput {
  return { to: [], cc: [], envelopeRecipients: [], inReplyTo: null, references: [], subject: '', ...overrides };
}

describe('createReplyToken', () => {
  it('is 40 lower-case base32 characters, safe in the local part of an address', () => {
    const token = createReplyToken(TICKET, RECIPIENT);
    expect(token).toHaveLength(REPLY_TOKEN_LENGTH);
    expect(token).toMatch(/^[a-z2-7]{40}$/);
  });

  it('is the same for the same ticket and recipient, whatever the letter case of the address', () => {
    expect(createReplyToken(TICKET, RECIPIENT)).toBe(createReplyToken(TICKET.toUpperCase(), ' Anna.Nowak@Kwiaciarnia.PL '));
  });

  it('differs between recipients of the same ticket and between tickets', () => {
    const tokens = new Set([
      createReplyToken(TICKET, RECIPIENT),
      createReplyToken(TICKET, 'jan@kwiaciarnia.pl'),
      createReplyToken(OTHER_TICKET, RECIPIENT),
    ]);
    expect(tokens.size).toBe(3);
  });

  it('refuses a ticket id that is not a UUID (a ticket number must never become a token)', () => {
    expect(() => createReplyToken('VCH-10001', RECIPIENT)).toThrow(/UUID/);
  });
});

describe('verifyReplyToken', () => {
  const token = createReplyToken(TICKET, RECIPIENT);

  it('names the ticket when the reply comes from the recipient, in any letter case', () => {
    expect(verifyReplyToken(token, RECIPIENT)).toEqual({ valid: true, ticketId: TICKET, recipientChecked: true });
    expect(verifyReplyToken(token, 'ANNA.NOWAK@KWIACIARNIA.PL')).toEqual({ valid: true, ticketId: TICKET, recipientChecked: true });
  });

  it('still verifies after an MTA changed the letter case of the token', () => {
    expect(verifyReplyToken(token.toUpperCase(), RECIPIENT)).toEqual({ valid: true, ticketId: TICKET, recipientChecked: true });
  });

  it('names the ticket without checking the recipient when none is given', () => {
    expect(verifyReplyToken(token)).toEqual({ valid: true, ticketId: TICKET, recipientChecked: false });
  });

  it('rejects a token used by another recipient, yet says which ticket it was for', () => {
    expect(verifyReplyToken(token, 'ktos.inny@example.com')).toEqual({ valid: false, reason: 'other-recipient', ticketId: TICKET });
  });

  it('rejects a token whose ticket id was changed (pointing it at another ticket)', () => {
    for (let index = 0; index < 26; index += 1) {
      expect(verifyReplyToken(tamper(token, index), RECIPIENT), `character ${index}`).toEqual({ valid: false, reason: 'bad-signature' });
      expect(verifyReplyToken(tamper(token, index)), `character ${index}`).toEqual({ valid: false, reason: 'bad-signature' });
    }
  });

  // Each character carries 5 bits: characters 0–25 hold the ticket id (bits 0–127, character 25 also the first
  // MAC bits), 26–32 the ticket MAC, 34–39 the recipient MAC; `tamper` changes a character's lowest bits.
  it('rejects a token whose ticket signature was changed', () => {
    for (let index = 26; index < 33; index += 1) {
      expect(verifyReplyToken(tamper(token, index), RECIPIENT), `character ${index}`).toEqual({ valid: false, reason: 'bad-signature' });
    }
  });

  it("rejects a token whose recipient signature was changed as another recipient's", () => {
    for (let index = 34; index < 40; index += 1) {
      expect(verifyReplyToken(tamper(token, index), RECIPIENT), `character ${index}`).toMatchObject({
        valid: false,
        reason: 'other-recipient',
      });
    }
  });

  it('rejects a token for a ticket id we never signed', () => {
    const forged = createReplyToken(OTHER_TICKET, RECIPIENT).slice(0, 26) + token.slice(26);
    expect(verifyReplyToken(forged, RECIPIENT)).toEqual({ valid: false, reason: 'bad-signature' });
  });

  it("rejects a token signed with another purpose's key, such as the ticket-link key", () => {
    const bytes = Buffer.alloc(25);
    Buffer.from(TICKET.replace(/-/g, ''), 'hex').copy(bytes, 0);
    const linkMac = Buffer.from(sign('ticket-link', { t: TICKET }).split('.')[1] ?? '', 'base64url');
    linkMac.copy(bytes, 16, 0, 9);
    let bits = '';
    for (const byte of bytes) bits += byte.toString(2).padStart(8, '0');
    const crossPurpose = (bits.match(/.{5}/g) ?? []).map((chunk) => BASE32[parseInt(chunk, 2)]).join('');
    expect(crossPurpose).toMatch(/^[a-z2-7]{40}$/);
    expect(verifyReplyToken(crossPurpose)).toEqual({ valid: false, reason: 'bad-signature' });
  });

  it.each(['', 'abc', `${token}a`, token.slice(0, 39), `${token.slice(0, 39)}1`, `${token.slice(0, 39)}!`, 'a'.repeat(1000)])(
    'rejects the malformed token %#',
    (value) => {
      expect(verifyReplyToken(value, RECIPIENT)).toEqual({ valid: false, reason: 'malformed' });
    },
  );
});

describe('reply addresses', () => {
  const token = createReplyToken(TICKET, RECIPIENT);

  it('puts the token after a plus in the SUPPORT_EMAIL mailbox', () => {
    const [local, domain] = env().SUPPORT_EMAIL.split('@');
    expect(replyAddress(token)).toBe(`${local}+${token}@${domain}`);
    expect(replyAddress(token, 'support@Vouchie.PL')).toBe(`support+${token}@vouchie.pl`);
  });

  it('fits in the 64 characters an address local part may have', () => {
    expect(replyAddress(token, 'wsparcie@vouchie.pl').split('@')[0]?.length).toBeLessThanOrEqual(64);
  });

  it('reads the token back from the address, whatever its letter case or brackets', () => {
    expect(parseReplyAddress(replyAddress(token, 'support@vouchie.pl'))).toBe(token);
    expect(parseReplyAddress(`<SUPPORT+${token.toUpperCase()}@VOUCHIE.PL>`)).toBe(token);
    expect(parseReplyAddress(`wsparcie+${token}@vouchie-mail.example`)).toBe(token);
  });

  it.each([
    'wsparcie@vouchie.pl',
    'jan+newsletter@gmail.com',
    `wsparcie+${token.slice(1)}@vouchie.pl`,
    `wsparcie+${token}x@vouchie.pl`,
    `wsparcie+${token}`,
    `+${token}@vouchie.pl`,
  ])('finds no token in %s', (address) => {
    expect(parseReplyAddress(address)).toBeNull();
  });
});

describe('Message-IDs with the token', () => {
  const token = createReplyToken(TICKET, RECIPIENT);

  it('writes <t.TOKEN.RANDOM@support domain>, unique for every e-mail', () => {
    const first = threadMessageId(token, 'wsparcie@Vouchie.pl');
    const second = threadMessageId(token, 'wsparcie@Vouchie.pl');
    expect(first).toMatch(new RegExp(`^<t\\.${token}\\.[a-z2-7]{16}@vouchie\\.pl>$`));
    expect(second).not.toBe(first);
  });

  it('reads the token back from such a Message-ID', () => {
    expect(tokenFromMessageId(threadMessageId(token))).toBe(token);
    expect(tokenFromMessageId(threadMessageId(token).toUpperCase())).toBe(token);
  });

  it.each([
    '<0b8e2f4a-1c3d-4e5f-8a9b-0c1d2e3f4a5b.vch@vouchie.pl>',
    '<CAK7yR2mZpP0x3Lq=vQ1sFh8wE4nTb6uJd9aGc@mail.gmail.com>',
    `<t.${token.slice(1)}.abc@vouchie.pl>`,
    '',
  ])('finds no token in %s', (id) => {
    expect(tokenFromMessageId(id)).toBeNull();
  });

  it('recognises a token only by shape until it is verified', () => {
    expect(asReplyToken(token.toUpperCase())).toBe(token);
    expect(asReplyToken('to-nie-token')).toBeNull();
  });
});

describe('subjectTicketNumber', () => {
  it.each([
    ['Re: [VCH-10001] Voucher nie działa', 10001],
    ['RE: FW: [vch-12345] x', 12345],
    ['Pytanie [ VCH-10002 ] i [VCH-10003]', 10002],
    ['Voucher VCH-10001 nie działa', null],
    ['[VCH-0] x', null],
    ['[VCH-] x', null],
    ['', null],
  ])('reads %s as %s', (subject, number) => {
    expect(subjectTicketNumber(subject)).toBe(number);
  });
});

describe('extractThreadingKeys', () => {
  const fromAddress = createReplyToken(TICKET, RECIPIENT);
  const fromReply = createReplyToken(TICKET, 'jan@kwiaciarnia.pl');
  const fromOlder = createReplyToken(OTHER_TICKET, RECIPIENT);

  it('lists tokens from addresses first, then In-Reply-To, then References newest first, each once', () => {
    const keys = extractThreadingKeys(
      threadingInput({
        to: [{ address: `wsparcie+${fromAddress}@vouchie.pl`, name: '' }],
        cc: [{ address: 'jan@kwiaciarnia.pl', name: 'Jan' }],
        inReplyTo: threadMessageId(fromReply),
        references: [threadMessageId(fromOlder), '<abc.vch@vouchie.pl>', threadMessageId(fromAddress), threadMessageId(fromReply)],
      }),
    );
    expect(keys.replyTokens).toEqual([fromAddress, fromReply, fromOlder]);
  });

  it('finds the token in Delivered-To / X-Original-To when a forward rewrote To', () => {
    const keys = extractThreadingKeys(
      threadingInput({ to: [{ address: 'biuro@sklep.pl', name: '' }], envelopeRecipients: [`wsparcie+${fromAddress}@vouchie.pl`] }),
    );
    expect(keys.replyTokens).toEqual([fromAddress]);
  });

  it('lists referenced Message-IDs for the database lookup, In-Reply-To first, then newest first, each once', () => {
    const keys = extractThreadingKeys(threadingInput({ inReplyTo: '<c@x>', references: ['<a@x>', '<b@x>', '<c@x>'] }));
    expect(keys.referencedMessageIds).toEqual(['<c@x>', '<b@x>', '<a@x>']);
  });

  it(`hands at most ${MAX_REFERENCED_IDS} referenced ids to the lookup, the newest`, () => {
    const references = Array.from({ length: 500 }, (_, index) => `<${index}@x>`);
    const keys = extractThreadingKeys(threadingInput({ references }));
    expect(keys.referencedMessageIds).toHaveLength(MAX_REFERENCED_IDS);
    expect(keys.referencedMessageIds[0]).toBe('<499@x>');
  });

  it('reads the [VCH-…] tag of the subject', () => {
    expect(extractThreadingKeys(threadingInput({ subject: 'Re: [VCH-10042] Faktura' })).subjectTicketNumber).toBe(10042);
  });

  it('finds nothing in a new message', () => {
    expect(extractThreadingKeys(threadingInput({ to: [{ address: 'wsparcie@vouchie.pl', name: '' }], subject: 'Nowe pytanie' }))).toEqual({
      replyTokens: [],
      referencedMessageIds: [],
      subjectTicketNumber: null,
    });
  });
});

describe('buildReferences', () => {
  const ids = (count: number) => Array.from({ length: count }, (_, index) => `<m${index + 1}@vouchie.pl>`);

  it('keeps a short chain as it is', () => {
    expect(buildReferences(ids(4))).toEqual(ids(4));
    expect(buildReferences([])).toEqual([]);
  });

  it(`keeps the first and the latest ids of a long chain, ${MAX_REFERENCES} in all`, () => {
    const chain = ids(25);
    const references = buildReferences(chain);
    expect(references).toHaveLength(MAX_REFERENCES);
    expect(references).toEqual([chain[0], ...chain.slice(25 - (MAX_REFERENCES - 1))]);
  });

  it('never goes over the limit, whatever the length', () => {
    for (const length of [9, 10, 11, 12, 100]) {
      const references = buildReferences(ids(length));
      expect(references.length).toBe(Math.min(length, MAX_REFERENCES));
      expect(references[0]).toBe('<m1@vouchie.pl>');
      expect(references[references.length - 1]).toBe(`<m${length}@vouchie.pl>`);
    }
  });

  it('drops repeated ids and adds missing angle brackets', () => {
    expect(buildReferences(['<a@x>', 'b@x', '<a@x> <c@x>', ''])).toEqual(['<a@x>', '<b@x>', '<c@x>']);
  });
});

describe('threading keys of the e-mail fixtures', () => {
  const replies = Object.entries(expectedEmails).filter(([, expected]) => expected.replyTokens.length > 0);

  it.each(Object.entries(expectedEmails))('%s yields its expected tokens, referenced ids and ticket tag', async (name, expected) => {
    const keys = extractThreadingKeys(await parseRawEmail(readEmailFixture(name)));
    expect(keys.replyTokens).toEqual(expected.replyTokens.map((entry) => entry.token));
    expect(keys.referencedMessageIds).toEqual(expected.referencedMessageIds);
    expect(keys.subjectTicketNumber).toBe(expected.subjectTicketNumber);
  });

  it.each(replies)('%s: its token verifies for its ticket against the sender', async (name, expected) => {
    const email = await parseRawEmail(readEmailFixture(name));
    for (const entry of expected.replyTokens) {
      expect(entry.recipient).toBe(email.from?.address);
      expect(verifyReplyToken(entry.token, email.from?.address)).toEqual({ valid: true, ticketId: entry.ticketId, recipientChecked: true });
    }
  });

  it('names the ticket and recipient of our e-mail that bounced, from the Message-ID in the bounce', async () => {
    const email = await parseRawEmail(readEmailFixture('bounce-dsn.eml'));
    const classification = classifyEmail(email);
    const expected = expectedEmails['bounce-dsn.eml']?.bouncedMailToken;
    expect(classification.kind).toBe('bounce');
    const bounced = classification.kind === 'bounce' ? classification.bounce : null;
    const token: ReplyToken | null = tokenFromMessageId(bounced?.originalMessageId ?? '');
    expect(token).not.toBeNull();
    expect(verifyReplyToken(token ?? '', bounced?.recipient)).toEqual({
      valid: true,
      ticketId: expected?.ticketId,
      recipientChecked: true,
    });
    expect(bounced?.recipient).toBe(expected?.recipient);
  });
});
