import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { classifyEmail } from '@/server/mail/inbound/classify';
import { htmlToText, messageIds, parseRawEmail, sanitizeEmailHtml } from '@/server/mail/inbound/parse';
import { stripQuotedReply } from '@/server/mail/inbound/strip-quotes';
import { emailFixtureNames, expectedEmails, readEmailFixture } from '../fixtures/email/fixtures';
import { generateLargeEmail } from '../fixtures/email/generate';

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** A raw message from header lines and a body (strings are UTF-8, Buffers are written as they are), CRLF line ends. */
function rawEmail(headers: string[], body: string | Buffer = 'Dzień dobry,\r\nmam pytanie.\r\n'): Buffer {
  const head = Buffer.from(`${headers.join('\r\n')}\r\n\r\n`, 'utf8');
  return Buffer.concat([head, typeof body === 'string' ? Buffer.from(body.replace(/\r?\n/g, '\r\n'), 'utf8') : body]);
}

const BASIC_HEADERS = ['From: Jan Kowalski <jan@sklep.pl>', 'To: wsparcie@vouchie.pl', 'Message-ID: <1@sklep.pl>', 'MIME-Version: 1.0'];

async function classifyRaw(headers: string[], body?: string | Buffer) {
  return classifyEmail(await parseRawEmail(rawEmail(headers, body)));
}

describe('e-mail fixtures', () => {
  it('has an expectation for every fixture and a fixture for every expectation', () => {
    expect(Object.keys(expectedEmails).sort()).toEqual(emailFixtureNames());
  });

  it('are stored with CRLF line ends, as they travel over SMTP', () => {
    for (const name of emailFixtureNames()) {
      const raw = readEmailFixture(name).toString('latin1');
      expect(raw.includes('\r\n'), name).toBe(true);
      expect(/(^|[^\r])\n/.test(raw), name).toBe(false);
    }
  });

  describe.each(Object.entries(expectedEmails))('%s', (name, expected) => {
    const parsed = () => parseRawEmail(readEmailFixture(name));

    it('reads the sender, subject (RFC 2047 decoded), date and Message-ID', async () => {
      const email = await parsed();
      expect(email.from).toEqual(expected.from);
      expect(email.subject).toBe(expected.subject);
      expect(email.date?.toISOString() ?? null).toBe(expected.date);
      if (expected.messageId === 'sha256') {
        expect(email.messageIdGenerated).toBe(true);
        expect(email.messageId).toBe(`sha256:${sha256(readEmailFixture(name))}`);
      } else {
        expect(email.messageId).toBe(expected.messageId);
        expect(email.messageIdGenerated).toBe(false);
      }
    });

    it(`is classified as ${expected.classification}`, async () => {
      const classification = classifyEmail(await parsed());
      expect(classification.kind).toBe(expected.classification);
      expect(classification.reason).toContain(expected.classificationReasonIncludes);
      if (classification.kind === 'bounce') expect(classification.bounce).toEqual(expected.bounce);
    });

    it('keeps only what the person wrote as the reply, with signature and quote set aside', async () => {
      const email = await parsed();
      expect(email.textSource).toBe(expected.textSource);
      const stripped = stripQuotedReply(email.text);
      expect(stripped.reply).toBe(expected.reply);
      expect(stripped.signature).toBe(expected.signature);
      expect(stripped.quoted.split('\n')[0] ?? '').toBe(expected.quotedStartsWith);
    });

    it('decodes attachments byte for byte, with names, types, content ids and inline flags', async () => {
      const email = await parsed();
      expect(
        email.attachments.map((part) => ({
          filename: part.filename,
          contentType: part.contentType,
          size: part.size,
          inline: part.inline,
          cid: part.cid,
          sha256: sha256(part.content),
        })),
      ).toEqual(expected.attachments);
      for (const part of email.attachments) expect(part.content.length).toBe(part.size);
    });

    it('lists exactly the problems found in the MIME structure', async () => {
      expect((await parsed()).problems.map((problem) => problem.code)).toEqual(expected.problems);
    });

    // Only a fixture with an HTML part can show what sanitising left in it; the others must yield no HTML at all.
    const hasHtmlPart = /^content-type:\s*text\/html/im.test(readEmailFixture(name).toString('latin1'));
    if (hasHtmlPart) {
      it('leaves no script, event handler, style attribute or javascript: URL in the HTML', async () => {
        const html = (await parsed()).html;
        expect(html).toMatch(/<[a-z]/i);
        expect(html).not.toMatch(/<script|<style|<iframe|\son[a-z]+=|style=|javascript:/i);
      });
    } else {
      it('has no HTML part and yields no HTML', async () => {
        expect((await parsed()).html).toBeNull();
      });
    }
  });
});

describe('parseRawEmail: character sets and encodings', () => {
  const PANGRAM = 'Zażółć gęślą jaźń. ZAŻÓŁĆ GĘŚLĄ JAŹŃ. Źdźbło, ćma, śnieg.';
  // ś, ź, Ś, Ź, Ą and ą are where ISO-8859-2 and Windows-1250 differ: decoding one as the other garbles them.
  const ISO_8859_2: Record<string, number> = {
    ą: 0xb1,
    ć: 0xe6,
    ę: 0xea,
    ł: 0xb3,
    ń: 0xf1,
    ó: 0xf3,
    ś: 0xb6,
    ź: 0xbc,
    ż: 0xbf,
    Ą: 0xa1,
    Ć: 0xc6,
    Ę: 0xca,
    Ł: 0xa3,
    Ń: 0xd1,
    Ó: 0xd3,
    Ś: 0xa6,
    Ź: 0xac,
    Ż: 0xaf,
  };
  const WINDOWS_1250: Record<string, number> = { ...ISO_8859_2, ą: 0xb9, ś: 0x9c, ź: 0x9f, Ą: 0xa5, Ś: 0x8c, Ź: 0x8f };
  const encode = (text: string, table: Record<string, number>) =>
    Buffer.from(Array.from(text, (char) => table[char] ?? char.charCodeAt(0)));
  const qp = (bytes: Buffer) =>
    Array.from(bytes, (byte) => (byte > 126 || byte === 0x3d ? `=${byte.toString(16).toUpperCase()}` : String.fromCharCode(byte))).join('');

  it('decodes an 8-bit ISO-8859-2 body and an ISO-8859-2 encoded-word subject', async () => {
    const email = await parseRawEmail(
      rawEmail(
        [
          ...BASIC_HEADERS,
          `Subject: =?ISO-8859-2?Q?${qp(encode('Błąd: źdźbło i śnieg', ISO_8859_2)).replace(/ /g, '_')}?=`,
          'Content-Type: text/plain; charset=ISO-8859-2',
          'Content-Transfer-Encoding: 8bit',
        ],
        encode(PANGRAM, ISO_8859_2),
      ),
    );
    expect(email.text).toBe(PANGRAM);
    expect(email.subject).toBe('Błąd: źdźbło i śnieg');
  });

  it('decodes a quoted-printable Windows-1250 body and a Windows-1250 encoded-word sender name', async () => {
    const email = await parseRawEmail(
      rawEmail(
        [
          `From: =?windows-1250?Q?${qp(encode('Łucja Świątek', WINDOWS_1250)).replace(/ /g, '_')}?= <lucja@sklep.pl>`,
          'To: wsparcie@vouchie.pl',
          'Subject: test',
          'Content-Type: text/plain; charset=windows-1250',
          'Content-Transfer-Encoding: quoted-printable',
        ],
        qp(encode(PANGRAM, WINDOWS_1250)),
      ),
    );
    expect(email.text).toBe(PANGRAM);
    expect(email.from).toEqual({ address: 'lucja@sklep.pl', name: 'Łucja Świątek' });
  });

  it('decodes a base64 UTF-8 body and a base64 encoded-word split over two folded lines', async () => {
    const email = await parseRawEmail(
      rawEmail(
        [
          ...BASIC_HEADERS,
          `Subject: =?UTF-8?B?${Buffer.from('Zgłoszenie: ').toString('base64')}?=\r\n =?UTF-8?B?${Buffer.from('voucher nieważny').toString('base64')}?=`,
          'Content-Type: text/plain; charset=UTF-8',
          'Content-Transfer-Encoding: base64',
        ],
        Buffer.from(PANGRAM).toString('base64'),
      ),
    );
    expect(email.subject).toBe('Zgłoszenie: voucher nieważny');
    expect(email.text).toBe(PANGRAM);
  });

  it('reads the Polish fixtures from Outlook (Windows-1250) and Thunderbird (ISO-8859-2) with every diacritic intact', async () => {
    const outlook = await parseRawEmail(readEmailFixture('outlook-desktop-pl.eml'));
    expect(outlook.text).toContain('numer przelewu to ŻŚ/2026/11/0042');
    expect(outlook.text).toContain('Kwiaciarnia Róża, ul. Źródlana 5, Łódź');
    expect(outlook.subject).toBe('RE: [VCH-10002] Płatność nie przeszła');
    const thunderbird = await parseRawEmail(readEmailFixture('thunderbird-pl.eml'));
    expect(thunderbird.text).toContain('Zażółć gęślą jaźń - to jest test znaków: ĄĆĘŁŃÓŚŹŻ.');
  });

  it('joins format=flowed soft line breaks back into paragraphs', async () => {
    const thunderbird = await parseRawEmail(readEmailFixture('thunderbird-pl.eml'));
    expect(thunderbird.text).toContain('raz w sklepie przy ul. Żeromskiego, drugi raz przez internet. Proszę');
  });

  it('decodes raw UTF-8 header values (RFC 6532) in the headers map', async () => {
    const email = await parseRawEmail(rawEmail([...BASIC_HEADERS, 'Subject: Zażółć', 'X-Sklep: Łódź']));
    expect(email.subject).toBe('Zażółć');
    expect(email.headers.get('x-sklep')).toEqual(['Łódź']);
  });
});

describe('parseRawEmail: identities and threading headers', () => {
  it('derives a stable sha256 id from the raw bytes when Message-ID is missing', async () => {
    const raw = rawEmail(['From: jan@sklep.pl', 'To: wsparcie@vouchie.pl', 'Subject: bez identyfikatora']);
    const first = await parseRawEmail(raw);
    const again = await parseRawEmail(Buffer.from(raw));
    const other = await parseRawEmail(rawEmail(['From: jan@sklep.pl', 'To: wsparcie@vouchie.pl', 'Subject: inny']));
    expect(first.messageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(again.messageId).toBe(first.messageId);
    expect(other.messageId).not.toBe(first.messageId);
  });

  it('reads In-Reply-To and References as <id> lists, oldest reference first', async () => {
    const email = await parseRawEmail(
      rawEmail([
        ...BASIC_HEADERS,
        'Subject: Re: x',
        'In-Reply-To: <c@vouchie.pl> (Jan)',
        'References: <a@vouchie.pl>\r\n <b@vouchie.pl> <c@vouchie.pl>',
      ]),
    );
    expect(email.inReplyTo).toBe('<c@vouchie.pl>');
    expect(email.references).toEqual(['<a@vouchie.pl>', '<b@vouchie.pl>', '<c@vouchie.pl>']);
  });

  it('accepts message ids written without angle brackets', () => {
    expect(messageIds('a@x.pl b@x.pl')).toEqual(['<a@x.pl>', '<b@x.pl>']);
    expect(messageIds('<a@x.pl> <a@x.pl>')).toEqual(['<a@x.pl>']);
    expect(messageIds('nothing here')).toEqual([]);
  });

  it('lower-cases addresses, flattens groups and collects Delivered-To and X-Original-To', async () => {
    const email = await parseRawEmail(
      rawEmail([
        'From: "Kowalski, Jan" <Jan.Kowalski@Sklep.PL>',
        'To: Zespół: Anna <anna@sklep.pl>, Ewa <ewa@sklep.pl>;',
        'Cc: wsparcie@vouchie.pl',
        'Delivered-To: Wsparcie+ABC@vouchie.pl',
        'X-Original-To: wsparcie+abc@vouchie.pl',
        'Subject: x',
      ]),
    );
    expect(email.from).toEqual({ address: 'jan.kowalski@sklep.pl', name: 'Kowalski, Jan' });
    expect(email.to.map((entry) => entry.address)).toEqual(['anna@sklep.pl', 'ewa@sklep.pl']);
    expect(email.cc).toEqual([{ address: 'wsparcie@vouchie.pl', name: '' }]);
    expect(email.envelopeRecipients).toEqual(['wsparcie+abc@vouchie.pl']);
  });
});

describe('parseRawEmail: malformed input', () => {
  it('never throws: empty input, binary garbage and a lone header give an empty message with an id', async () => {
    for (const raw of [Buffer.alloc(0), Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 13]), Buffer.from('Subject: tylko temat')]) {
      const email = await parseRawEmail(raw);
      expect(email.messageId).toMatch(/^sha256:/);
      expect(email.text).toBe('');
      expect(email.attachments).toEqual([]);
    }
  });

  it('reads only the top-level header of a message over mailparser limits (1,000 MIME parts), flagging it, instead of throwing', async () => {
    const parts = Array.from({ length: 1100 }, (_, index) => `--b\r\nContent-Type: text/plain\r\n\r\nczęść ${index}\r\n`).join('');
    const raw = rawEmail([...BASIC_HEADERS, 'Subject: Zestawienie', 'Content-Type: multipart/mixed; boundary="b"'], `${parts}--b--\r\n`);
    const email = await parseRawEmail(raw);
    expect(email.problems.map((problem) => problem.code)).toEqual(['over-limits']);
    expect(email).toMatchObject({
      messageId: '<1@sklep.pl>',
      from: { address: 'jan@sklep.pl', name: 'Jan Kowalski' },
      subject: 'Zestawienie',
      text: '',
      attachments: [],
    });
    expect(email.size).toBe(raw.length);
  });

  it('reads the sender of a message whose header is over 1 MB, flagging it', async () => {
    const filler = Array.from({ length: 12_000 }, (_, index) => `X-Filler-${index}: ${'a'.repeat(90)}`);
    const email = await parseRawEmail(rawEmail([...BASIC_HEADERS, 'Subject: Duży nagłówek', ...filler]));
    expect(email.problems.map((problem) => problem.code)).toEqual(['over-limits']);
    expect(email.from?.address).toBe('jan@sklep.pl');
  });

  it('reports a multipart message without a boundary parameter', async () => {
    const email = await parseRawEmail(
      rawEmail(
        [...BASIC_HEADERS, 'Subject: x', 'Content-Type: multipart/mixed'],
        '--abc\r\nContent-Type: text/plain\r\n\r\nHej\r\n--abc--\r\n',
      ),
    );
    expect(email.problems.map((problem) => problem.code)).toContain('missing-boundary');
  });

  it('reports a message without a From header', async () => {
    const email = await parseRawEmail(rawEmail(['To: wsparcie@vouchie.pl', 'Subject: x']));
    expect(email.from).toBeNull();
    expect(email.problems.map((problem) => problem.code)).toEqual(['missing-from']);
  });

  it('still reads the sender address out of a From header with an unbalanced quote', async () => {
    const email = await parseRawEmail(readEmailFixture('malformed-mime.eml'));
    expect(email.from).toEqual({ address: 'sklep@azor-zoo.pl', name: 'Sklep Zoologiczny Azor' });
    expect(email.text).toBe('Drukarka w kasie nie drukuje voucherów od wczoraj. Numer kasy: 3.\nPoniżej log z drukarki.');
    expect(email.attachments[0]?.content.toString('utf8')).toContain('ERROR printer offline');
  });

  it('gives no date rather than "now" when the Date header cannot be read', async () => {
    const email = await parseRawEmail(rawEmail([...BASIC_HEADERS, 'Subject: x', 'Date: wczoraj wieczorem']));
    expect(email.date).toBeNull();
    expect(email.problems.map((problem) => problem.code)).toEqual(['invalid-date']);
  });
});

describe('parseRawEmail: the 30 MB e-mail from the issue', () => {
  it('parses a 30 MB message with a video attachment intact, and reports its size', { timeout: 30_000 }, async () => {
    const large = generateLargeEmail();
    expect(large.raw.length).toBeGreaterThanOrEqual(29.9 * 1024 * 1024);
    const email = await parseRawEmail(large.raw);
    expect(email.size).toBe(large.raw.length);
    expect(email.problems).toEqual([]);
    expect(email.text).toBe(large.text);
    expect(email.subject).toBe('Nagranie błędu [VCH-10001]');
    expect(email.attachments).toHaveLength(1);
    const [video] = email.attachments;
    expect(video?.filename).toBe(large.attachment.filename);
    expect(video?.contentType).toBe(large.attachment.contentType);
    expect(video?.size).toBe(large.attachment.size);
    expect(sha256(video?.content ?? Buffer.alloc(0))).toBe(large.attachment.sha256);
  });
});

describe('sanitizeEmailHtml', () => {
  it('removes <script> and <style> elements with their content', () => {
    const html = sanitizeEmailHtml('<style>p{color:red}</style><p>Treść</p><script>alert(document.cookie)</script>');
    expect(html).toBe('<p>Treść</p>');
  });

  it('removes event handlers such as onerror and onclick, and style attributes', () => {
    const html = sanitizeEmailHtml(
      '<img src="https://cdn.sklep.pl/a.png" onerror="alert(1)"><p onclick="x()" style="position:fixed">Hej</p>',
    );
    expect(html).toBe('<img src="https://cdn.sklep.pl/a.png" /><p>Hej</p>');
  });

  it('removes javascript: links however they are disguised, keeping the link text', () => {
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java&#x09;script:alert(1)',
      '  javascript:alert(1)',
      '&#106;avascript:alert(1)',
      'vbscript:x',
      'data:text/html,<script>',
    ]) {
      const html = sanitizeEmailHtml(`<a href="${href}">kliknij</a>`);
      expect(html, href).toBe('<a rel="noopener noreferrer nofollow" target="_blank">kliknij</a>');
    }
  });

  it('keeps http(s) and mailto links, opening in a new tab without a referrer', () => {
    expect(sanitizeEmailHtml('<a href="https://pomoc.vouchie.pl/?a=1&amp;b=2" target="_self">pomoc</a>')).toBe(
      '<a href="https://pomoc.vouchie.pl/?a=1&amp;b=2" rel="noopener noreferrer nofollow" target="_blank">pomoc</a>',
    );
    expect(sanitizeEmailHtml('<a href="mailto:jan@sklep.pl">Jan</a>')).toContain('href="mailto:jan@sklep.pl"');
  });

  it('drops relative links, which would point at our own app', () => {
    expect(sanitizeEmailHtml('<a href="/api/tickets">x</a>')).toBe('<a rel="noopener noreferrer nofollow" target="_blank">x</a>');
  });

  it('keeps images from cid: parts and https only', () => {
    const html = sanitizeEmailHtml(
      [
        'cid:logo@sklep.pl',
        'https://cdn.sklep.pl/a.png',
        'http://tracker.example/p.gif',
        '/api/tickets/1/close',
        '//evil.example/x.png',
        'data:image/png;base64,AAAA',
        'javascript:alert(1)',
      ]
        .map((src) => `<img src="${src}" alt="x">`)
        .join(''),
    );
    expect(html).toBe('<img src="cid:logo@sklep.pl" alt="x" /><img src="https://cdn.sklep.pl/a.png" alt="x" />');
  });

  it('removes forms, frames, objects and SVG', () => {
    const html = sanitizeEmailHtml(
      '<form action="https://x"><input name="p"></form><iframe src="https://x"></iframe><object data="x"></object><svg onload="alert(1)"><text>t</text></svg><b>ok</b>',
    );
    expect(html).toBe('<b>ok</b>');
  });

  it('keeps the inline image of the Apple Mail fixture as a cid: reference', async () => {
    const email = await parseRawEmail(readEmailFixture('apple-mail-pl.eml'));
    expect(email.html).toContain('<img src="cid:zrzut-ekranu@salon-piekna.pl" alt="zrzut-ekranu.png" />');
    expect(email.attachments.find((part) => part.cid === 'zrzut-ekranu@salon-piekna.pl')?.inline).toBe(true);
  });

  it('strips the script, onerror image, javascript: link and http image of the HTML-only fixture', async () => {
    const email = await parseRawEmail(readEmailFixture('html-only.eml'));
    expect(email.html).not.toMatch(/script|onerror|onload|javascript:|tracker\.example|src="x"/);
    expect(email.html).toContain('<a href="https://pomoc.vouchie.pl/raporty" rel="noopener noreferrer nofollow" target="_blank">pomoc</a>');
    expect(email.html).toContain('<img src="https://cdn.wp.pl/podpis.png" alt="Logo" />');
  });
});

describe('htmlToText', () => {
  it('turns paragraphs into blank-line separated blocks and <br> into line breaks', () => {
    expect(htmlToText('<p>Pierwszy<br>wiersz</p><p>Drugi</p><div>Trzeci</div>')).toBe('Pierwszy\nwiersz\n\nDrugi\n\nTrzeci');
  });

  it('writes lists as "- " and "1. " items, nested lists indented', () => {
    expect(htmlToText('<ul><li>a</li><li>b<ul><li>b1</li></ul></li></ul><ol><li>x</li><li>y</li></ol>')).toBe(
      '- a\n- b\n  - b1\n\n1. x\n2. y',
    );
  });

  it('writes links as "text (url)", and a link whose text is its address once', () => {
    expect(htmlToText('<p>Zobacz <a href="https://pomoc.vouchie.pl/a?x=1&amp;y=2">instrukcję</a>.</p>')).toBe(
      'Zobacz instrukcję (https://pomoc.vouchie.pl/a?x=1&y=2).',
    );
    expect(htmlToText('<a href="https://vouchie.pl/">https://vouchie.pl</a> <a href="mailto:jan@sklep.pl">jan@sklep.pl</a>')).toBe(
      'https://vouchie.pl jan@sklep.pl',
    );
    expect(htmlToText('<a href="javascript:alert(1)">kliknij</a>')).toBe('kliknij');
  });

  it('quotes blockquotes with "> ", nested ones deeper', () => {
    expect(htmlToText('<p>Odpowiedź</p><blockquote><p>Pytanie</p><blockquote>Starsze</blockquote></blockquote>')).toBe(
      'Odpowiedź\n\n> Pytanie\n>\n>> Starsze',
    );
  });

  it('decodes entities, collapses whitespace and drops script, style and title text', () => {
    expect(
      htmlToText(
        '<html><head><title>Tytuł</title><style>p{}</style></head><body><p>A&nbsp;&amp;&nbsp;B   &lt;C&gt;\n  &bdquo;D&rdquo; &#8211; &#x1F39F;</p><script>x()</script></body></html>',
      ),
    ).toBe('A & B <C> „D” – 🎟');
  });

  it('keeps the spacing of preformatted text', () => {
    expect(htmlToText('<pre>kod   błędu\n  E-42</pre>')).toBe('kod   błędu\n  E-42');
  });

  it('puts table cells of a row on one line', () => {
    expect(htmlToText('<table><tr><td>Kod</td><td>VCH-1</td></tr><tr><td>Status</td><td>aktywny</td></tr></table>')).toBe(
      'Kod VCH-1\nStatus aktywny',
    );
  });

  it('is what an HTML-only e-mail gets as its text', async () => {
    const email = await parseRawEmail(readEmailFixture('html-only.eml'));
    expect(email.textSource).toBe('html');
    expect(email.text).toContain('- przeglądarka: Chrome 131\n- system: Windows 11\n\n1. wchodzę w Raporty\n2. klikam „Eksportuj”');
    expect(email.text).toContain('Instrukcja, z której korzystam: pomoc (https://pomoc.vouchie.pl/raporty), a tu kliknij tutaj.');
    expect(email.text).not.toMatch(/Odpowiedź|document\.cookie|font-family/);
  });

  it("gives the same reply from the Gmail fixture's HTML part as from its text part", async () => {
    const email = await parseRawEmail(readEmailFixture('gmail-reply-pl.eml'));
    expect(stripQuotedReply(htmlToText(email.html ?? '')).reply).toBe(stripQuotedReply(email.text).reply);
  });
});

describe('classifyEmail: automatic replies', () => {
  it.each(['auto-replied', 'auto-generated', 'auto-notified'])('treats Auto-Submitted: %s as an automatic reply', async (value) => {
    expect((await classifyRaw([...BASIC_HEADERS, 'Subject: Re: x', `Auto-Submitted: ${value}`])).kind).toBe('auto_reply');
  });

  it('treats Auto-Submitted: no as a person writing', async () => {
    expect((await classifyRaw([...BASIC_HEADERS, 'Subject: Re: x', 'Auto-Submitted: no'])).kind).toBe('normal');
  });

  it.each([
    'X-Autoreply: yes',
    'X-Autorespond: Jestem na urlopie',
    'Precedence: auto_reply',
    'Precedence: bulk',
    'Precedence: junk',
    'Precedence: list',
  ])('treats "%s" as an automatic reply', async (header) => {
    expect((await classifyRaw([...BASIC_HEADERS, 'Subject: Re: x', header])).kind).toBe('auto_reply');
  });

  it('does not treat X-Auto-Response-Suppress alone as automatic: Outlook adds it to mail people write', async () => {
    expect((await classifyRaw([...BASIC_HEADERS, 'Subject: Re: [VCH-10001] voucher', 'X-Auto-Response-Suppress: All'])).kind).toBe(
      'normal',
    );
    expect(
      (await classifyRaw([...BASIC_HEADERS, 'Subject: Automatyczne vouchery nie działają', 'X-Auto-Response-Suppress: All'])).kind,
    ).toBe('normal');
  });

  it('treats X-Auto-Response-Suppress with a null Return-Path or an inbox-rule loop marker as automatic', async () => {
    const withNullSender = await classifyRaw([...BASIC_HEADERS, 'Subject: Re: x', 'X-Auto-Response-Suppress: All', 'Return-Path: <>']);
    expect(withNullSender).toEqual({ kind: 'auto_reply', reason: 'X-Auto-Response-Suppress + empty Return-Path' });
    const withLoop = await classifyRaw([
      ...BASIC_HEADERS,
      'Subject: Re: x',
      'X-Auto-Response-Suppress: OOF',
      'X-MS-Exchange-Inbox-Rules-Loop: jan@sklep.pl',
    ]);
    expect(withLoop.kind).toBe('auto_reply');
  });

  it.each([
    'Automatyczna odpowiedź: [VCH-10001] Voucher',
    'Odpowiedź automatyczna: Re: [VCH-10001] Voucher',
    'Poza biurem: Re: [VCH-10001] Voucher',
    'Poza biurem',
    'Nieobecność: [VCH-10001]',
    'Out of Office: Re: [VCH-10001] Voucher',
    'Out of Office AutoReply: Voucher',
    'Automatic reply: [VCH-10001] Voucher',
    'AutoReply: Voucher',
    'Auto-reply: Voucher',
  ])('treats the subject "%s" as an automatic reply', async (subject) => {
    expect((await classifyRaw([...BASIC_HEADERS, `Subject: ${subject}`])).kind).toBe('auto_reply');
  });

  it.each([
    'Re: Automatyczna odpowiedź wysłała zły kod',
    'Nieobecność pracownika w grafiku a vouchery',
    'Pytanie o godziny pracy poza biurem',
    'Out of office hours support?',
  ])('treats the subject "%s" from a person as normal', async (subject) => {
    expect((await classifyRaw([...BASIC_HEADERS, `Subject: ${subject}`])).kind).toBe('normal');
  });
});

describe('classifyEmail: bounces', () => {
  it.each(['MAILER-DAEMON@mx.sklep.pl', 'postmaster@sklep.pl'])('treats mail from %s as a bounce', async (sender) => {
    const classification = await classifyRaw([`From: ${sender}`, 'To: wsparcie@vouchie.pl', 'Subject: Problem z dostarczeniem']);
    expect(classification.kind).toBe('bounce');
  });

  it.each([
    'Undelivered Mail Returned to Sender',
    'Delivery Status Notification (Failure)',
    'Niedostarczona wiadomość',
    'Niedostarczalne: [VCH-10001] Zgłoszenie przyjęte',
    'Undeliverable: [VCH-10001] Ticket received',
    'Mail delivery failed: returning message to sender',
    'Zwrot wiadomości',
  ])('treats the subject "%s" as a bounce', async (subject) => {
    expect((await classifyRaw([...BASIC_HEADERS, `Subject: ${subject}`])).kind).toBe('bounce');
  });

  it('does not treat "Zwrot" (a refund) from a person as a bounce, but does from a null sender', async () => {
    expect((await classifyRaw([...BASIC_HEADERS, 'Subject: Zwrot vouchera za zamówienie 123'])).kind).toBe('normal');
    expect((await classifyRaw([...BASIC_HEADERS, 'Subject: Zwrot'])).kind).toBe('normal');
    expect((await classifyRaw([...BASIC_HEADERS, 'Subject: Zwrot', 'Return-Path: <>'])).kind).toBe('bounce');
  });

  it('does not treat a person forwarding a bounce as a bounce', async () => {
    expect((await classifyRaw([...BASIC_HEADERS, 'Subject: Fwd: Undelivered Mail Returned to Sender'])).kind).toBe('normal');
  });

  it('reads a delayed delivery report (4.x.x) as a soft bounce', async () => {
    const raw = rawEmail(
      [
        'From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
        'To: wsparcie@vouchie.pl',
        'Subject: Delivery Status Notification (Delay)',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      ],
      '--b\r\nContent-Type: text/plain\r\n\r\nDelivery incomplete\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; googlemail.com\r\n\r\nFinal-Recipient: rfc822; jan@pelna-skrzynka.pl\r\nAction: delayed\r\nStatus: 4.2.2\r\nDiagnostic-Code: smtp; 452 4.2.2 Mailbox full\r\n--b--\r\n',
    );
    const classification = classifyEmail(await parseRawEmail(raw));
    expect(classification).toMatchObject({
      kind: 'bounce',
      bounce: { recipient: 'jan@pelna-skrzynka.pl', status: '4.2.2', severity: 'soft' },
    });
  });

  it('reads the failed recipient and status from the text when there is no delivery-status part', async () => {
    const classification = await classifyRaw(
      [
        'From: MAILER-DAEMON@poczta.sklep.pl',
        'To: wsparcie@vouchie.pl',
        'Subject: failure notice',
        'X-Failed-Recipients: zly.adres@sklep.pl',
      ],
      'Hi. This is the qmail-send program.\n\n<zly.adres@sklep.pl>:\n550 5.1.1 mailbox unavailable\n',
    );
    expect(classification).toMatchObject({
      kind: 'bounce',
      bounce: { recipient: 'zly.adres@sklep.pl', status: '5.1.1', severity: 'hard', diagnostic: '550 5.1.1 mailbox unavailable' },
    });
  });

  it('checks for a bounce before auto-reply headers, which many bounces also carry', async () => {
    const classification = classifyEmail(await parseRawEmail(readEmailFixture('bounce-dsn.eml')));
    expect(classification.kind).toBe('bounce');
  });
});

describe('stripQuotedReply', () => {
  const QUOTE = 'Dzień dobry,\nprosimy o kod vouchera.\nZespół wsparcia Vouchie';

  it.each([
    ['Gmail PL', 'W dniu pt., 27 lis 2026 o 10:15 Jan Kowalski <jan@x.pl> napisał(a):'],
    ['Gmail PL wrapped', 'W dniu pt., 27 lis 2026 o 10:15 Wsparcie Vouchie <\nwsparcie+abc@vouchie.pl> napisał(a):'],
    ['Gmail EN', 'On Fri, Nov 27, 2026 at 10:15 AM Jan Kowalski <jan@x.pl> wrote:'],
    ['Gmail EN wrapped', 'On Fri, Nov 27, 2026 at 10:15 AM Jan Kowalski <jan@x.pl>\nwrote:'],
    ['Gmail EN wrapped over three lines', 'On Fri, Nov 27, 2026 at 10:15 AM Wsparcie Vouchie\n<wsparcie+abc@vouchie.pl>\nwrote:'],
    ['Apple Mail PL', 'Dnia 27.11.2026, o godz. 10:15, Jan <jan@x.pl> napisał(a):'],
    ['Apple Mail PL (macOS)', 'Wiadomość napisana przez Jan <jan@x.pl> w dniu 27.11.2026, o godz. 10:15:'],
    ['Apple Mail EN', 'On 27 Nov 2026, at 10:15, Jan <jan@x.pl> wrote:'],
    ['Thunderbird PL', 'W dniu 27.11.2026 o 10:15, Jan Kowalski pisze:'],
    ['Thunderbird EN', 'Jan wrote on 27/11/2026 10:15:'],
    ['WP.pl', 'Użytkownik Jan <jan@x.pl> napisał:'],
    ['Outlook PL separator', '-----Wiadomość oryginalna-----\nOd: Jan\nWysłano: piątek'],
    ['Outlook EN separator', '-----Original Message-----\nFrom: Jan\nSent: Friday'],
    [
      'Outlook PL header block',
      'Od: Wsparcie Vouchie <wsparcie@vouchie.pl>\nWysłano: piątek, 27 listopada 2026 10:15\nDo: Jan <jan@x.pl>\nTemat: [VCH-10001] Voucher',
    ],
    [
      'Outlook EN header block',
      'From: Vouchie Support <support@vouchie.pl>\nSent: Friday, November 27, 2026 10:15 AM\nTo: Jan <jan@x.pl>\nSubject: [VCH-10001] Voucher',
    ],
    [
      'Outlook web separator',
      '________________________________\nFrom: Vouchie Support <support@vouchie.pl>\nSent: Friday, November 27, 2026 10:15 AM\nTo: Jan\nSubject: x',
    ],
  ])('cuts at the %s quote header', (_client, header) => {
    const result = stripQuotedReply(`Nowa odpowiedź.\nDruga linia.\n\n${header}\n\n> ${QUOTE.replace(/\n/g, '\n> ')}\n`);
    expect(result.reply).toBe('Nowa odpowiedź.\nDruga linia.');
    expect(result.quoted.startsWith(header.split('\n')[0] ?? '')).toBe(true);
    expect(result.signature).toBe('');
  });

  it('cuts at the first >-quoted line', () => {
    expect(stripQuotedReply('Tak, działa.\n\n> Czy działa?\n> Pozdrawiam')).toEqual({
      reply: 'Tak, działa.',
      quoted: '> Czy działa?\n> Pozdrawiam',
      signature: '',
    });
  });

  it.each([
    "Wysłane z iPhone'a",
    'Wysłane z iPhone’a',
    'Sent from my iPhone',
    'Wysłano z aplikacji Outlook dla Android',
    'Pobierz Outlook dla Android<https://aka.ms/AAb9ysg>',
    'Get Outlook for iOS',
    'Sent from my Samsung Galaxy smartphone.',
  ])('folds the mobile line "%s" into the signature', (line) => {
    expect(stripQuotedReply(`Dziękuję!\n\n${line}\n\n> Pytanie`)).toEqual({ reply: 'Dziękuję!', quoted: '> Pytanie', signature: line });
  });

  it('does not take a sentence that starts like a mobile signature for one', () => {
    const text = 'Wysłane z telefonu kasjera vouchery nie dochodzą do klientów.\nZ komputera działa.';
    expect(stripQuotedReply(text)).toEqual({ reply: text, quoted: '', signature: '' });
  });

  it('folds what follows a "-- " line into the signature', () => {
    expect(stripQuotedReply('Proszę o fakturę.\n\n-- \nJan Kowalski\ntel. 600 100 200')).toEqual({
      reply: 'Proszę o fakturę.',
      quoted: '',
      signature: 'Jan Kowalski\ntel. 600 100 200',
    });
  });

  it('handles CRLF line ends', () => {
    expect(stripQuotedReply('Odpowiedź\r\n\r\nOn Fri, Nov 27, 2026 at 10:15 AM Jan <jan@x.pl> wrote:\r\n> x\r\n').reply).toBe('Odpowiedź');
  });

  it('does not take a sentence ending in "napisał:" for an attribution', () => {
    const text = 'Klient napisał:\n„kod nie działa”\nCo mam mu odpowiedzieć?';
    expect(stripQuotedReply(text)).toEqual({ reply: text, quoted: '', signature: '' });
  });

  it('does not take a line starting "Od:" for an Outlook header block unless more header lines follow', () => {
    const text = 'Od: wczoraj voucher nie działa.\nDo: dziś bez zmian.\nProszę o pomoc.';
    expect(stripQuotedReply(text).reply).toBe(text);
  });

  it('keeps answers written below or between the quotes (bottom posting)', () => {
    const result = stripQuotedReply(
      'W dniu 27.11.2026 o 10:15, Wsparcie Vouchie pisze:\n> Jaki kod?\n\nVCH-ABC-123\n\n> Która kasa?\n\nKasa nr 2\n',
    );
    expect(result.reply).toBe('VCH-ABC-123\n\nKasa nr 2');
    expect(result.quoted).toBe('W dniu 27.11.2026 o 10:15, Wsparcie Vouchie pisze:\n> Jaki kod?\n> Która kasa?');
  });

  it('returns the whole text when everything looks quoted, never an empty reply', () => {
    const allQuoted = '> Dzień dobry,\n> proszę o kontakt.';
    expect(stripQuotedReply(allQuoted)).toEqual({ reply: allQuoted, quoted: '', signature: '' });
    expect(stripQuotedReply("Wysłane z iPhone'a").reply).toBe("Wysłane z iPhone'a");
    expect(stripQuotedReply('-----Original Message-----\nFrom: Jan\nSent: x\nTo: y').reply).toContain('Original Message');
  });

  it('returns an empty reply only for an empty text', () => {
    expect(stripQuotedReply('  \n\n ')).toEqual({ reply: '', quoted: '', signature: '' });
  });
});
