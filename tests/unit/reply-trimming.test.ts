import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRawEmail } from '@/server/mail/inbound/parse';
import { stripQuotedHtml, stripQuotedReply } from '@/server/mail/inbound/strip-quotes';
import { emailFixtureNames, expectedEmails, readEmailFixture } from '../fixtures/email/fixtures';
import { REPLY_CASES } from '../fixtures/replies/cases';
import { scoreReplies, verdict } from '../fixtures/replies/score';

describe('reply trimming over the fixture set (tests/fixtures/replies)', () => {
  const score = scoreReplies();

  it('loses no customer text in any mail', () => {
    expect(score.results.filter((r) => r.verdict === 'lost')).toEqual([]);
  });

  it('trims at least 95 % of the mails exactly', () => {
    expect(score.total).toBeGreaterThanOrEqual(80);
    expect(score.exact / score.total).toBeGreaterThanOrEqual(0.95);
  });

  it.each(REPLY_CASES.map((item) => [item.name, item] as const))('%s', (_name, item) => {
    expect(stripQuotedReply(item.text, item.html).reply).toBe(item.reply);
  });

  it('scores a missing line as lost and an extra line as kept more', () => {
    expect(verdict('a\nb', 'a')).toBe('lost');
    expect(verdict('a\nb', 'a\n> q\nb')).toBe('kept-more');
    expect(verdict('a\nb', ' a\nb ')).toBe('exact');
  });
});

describe('reply trimming by the HTML part', () => {
  const raw = [
    'From: Jan <jan@x.tr>',
    'To: support@vouchie.pl',
    'Subject: Re: Voucher',
    'Message-ID: <html-trim@x.tr>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Kod VCH-ABC-123.',
    '',
    '27.11.2026 10:15 tarihinde Vouchie Support yazdı:',
    '> Which code?',
    '--b',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Kod VCH-ABC-123.</p><div class="moz-cite-prefix">27.11.2026 10:15 tarihinde Vouchie Support yazdı:</div><blockquote type="cite">Which code?</blockquote>',
    '--b--',
    '',
  ].join('\r\n');

  it('finds the quote container in the HTML as sent, whatever the language of its header', async () => {
    const parsed = await parseRawEmail(Buffer.from(raw));
    // The text rules alone keep the unknown header (more, never less); the HTML container cuts it exactly.
    expect(stripQuotedReply(parsed.text).reply).toContain('yazdı');
    expect(stripQuotedReply(parsed.text, parsed.htmlSource)).toEqual({
      reply: 'Kod VCH-ABC-123.',
      quoted: '27.11.2026 10:15 tarihinde Vouchie Support yazdı:\n> Which code?',
      signature: '',
    });
  });

  it.each(emailFixtureNames())("keeps the text part's wording and inline-image markers for %s", async (name) => {
    const parsed = await parseRawEmail(readEmailFixture(name));
    expect(stripQuotedReply(parsed.text, parsed.htmlSource).reply).toBe(expectedEmails[name]?.reply);
  });

  it("cuts the text part where the HTML's container starts, keeping the text part's own marks and link targets", () => {
    const text = [
      'The code is *VCH-ABC-123*, see the screenshot <https://x.pl/a>',
      '',
      '27.11.2026 10:15 tarihinde Vouchie Support yazdı:',
      '> Which code?',
    ].join('\n');
    const html =
      '<div>The code is <b>VCH-ABC-123</b>, see <a href="https://x.pl/a">the screenshot</a></div>' +
      '<div class="gmail_quote"><div class="gmail_attr">27.11.2026 10:15 tarihinde Vouchie Support yazdı:</div>' +
      '<blockquote class="gmail_quote">Which code?</blockquote></div>';
    expect(stripQuotedReply(text, html)).toEqual({
      reply: 'The code is *VCH-ABC-123*, see the screenshot <https://x.pl/a>',
      quoted: '27.11.2026 10:15 tarihinde Vouchie Support yazdı:\n> Which code?',
      signature: '',
    });
  });

  it("keeps the text rules' result when the HTML's words above the container are not the text part's", () => {
    const text = 'Kod VCH-1.\n\n27.11.2026 10:15 tarihinde Vouchie Support yazdı:\n> Which code?';
    const html = '<div>Zupełnie inny tekst</div><div class="gmail_quote">27.11.2026 yazdı:<blockquote>Which code?</blockquote></div>';
    expect(stripQuotedReply(text, html).reply).toBe(stripQuotedReply(text).reply);
  });

  it('reads past comments, hidden elements and a stray `<` in the HTML above the container', () => {
    const html =
      '<head><title>Re: Voucher</title><style>p{color:red}</style></head><!-- x --><p>Kod &amp; kasa: 1 &lt; 2</p>' +
      '<div class="moz-cite-prefix">27.11.2026 yazdı:</div><blockquote type="cite">Which code?</blockquote>';
    expect(stripQuotedReply('Kod & kasa: 1 < 2\n\n27.11.2026 yazdı:\n> Which code?', html).reply).toBe('Kod & kasa: 1 < 2');
  });

  it('leaves the decision to the text rules when the person wrote below the container', () => {
    expect(stripQuotedHtml('<p>Hi,</p><blockquote type="cite">Which code?</blockquote><p>VCH-1</p>')).toBeNull();
    expect(
      stripQuotedReply('Hi,\n\n> Which code?\n\nVCH-1', '<p>Hi,</p><blockquote type="cite">Which code?</blockquote><p>VCH-1</p>').reply,
    ).toBe('Hi,\n\n> Which code?\n\nVCH-1');
  });
});

/** Words that make up neither a header nor a signature, so a generated line is plainly the customer's. */
const WORDS = [
  'voucher',
  'kod',
  'kasa',
  'nie',
  'działa',
  'proszę',
  'the',
  'till',
  'works',
  'error',
  'dziękuję',
  '42',
  'VCH-1',
  'ok',
  'why',
];
const customerLine = fc
  .array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 8 })
  .chain((words) => fc.constantFrom('', '.', '?', '!', ':').map((end) => `${words.join(' ')}${end}`));
const customerBlock = fc.array(customerLine, { minLength: 1, maxLength: 4 });
const quoteBlock = fc.array(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 });
const HEADERS = [
  'On Fri, Nov 27, 2026 at 10:15 AM Vouchie Support <support@vouchie.pl> wrote:',
  'W dniu pt., 27 lis 2026 o 10:15 Wsparcie Vouchie <wsparcie@vouchie.pl> napisał(a):',
  'Am 27.11.2026 um 10:15 schrieb Vouchie Support <support@vouchie.pl>:',
  'Le 27 nov. 2026 à 10:15, Vouchie Support <support@vouchie.pl> a écrit :',
  '',
];

describe('reply trimming: property', () => {
  it('never removes a line that appears in no quote (top, bottom and interleaved replies)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(customerBlock, quoteBlock), { minLength: 1, maxLength: 4 }),
        customerBlock,
        fc.constantFrom(...HEADERS),
        fc.boolean(),
        (pairs, tail, header, withTail) => {
          const parts: string[] = [];
          pairs.forEach(([own, quoted], index) => {
            parts.push(own.join('\n'));
            if (index === 0 && header !== '') parts.push(header);
            parts.push(quoted.map((words) => `> ${words.join(' ')}`).join('\n'));
          });
          if (withTail) parts.push(tail.join('\n'));
          const own = [...pairs.flatMap(([lines]) => lines), ...(withTail ? tail : [])];
          const reply = stripQuotedReply(parts.join('\n\n')).reply.split('\n');
          for (const line of own) expect(reply).toContain(line);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never returns an empty reply for a mail with text', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300 }), (text) => {
        fc.pre(text.trim() !== '');
        expect(stripQuotedReply(text).reply).not.toBe('');
      }),
    );
  });
});
