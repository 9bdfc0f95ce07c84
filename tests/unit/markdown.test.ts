import { describe, expect, it } from 'vitest';
import { renderMarkdownPreviewHtml } from '@/server/markdown/marked';
import { markdownToPlainText, renderMarkdownEmailHtml, renderMarkdownHtml } from '@/server/markdown/render';
import { renderAgentReply } from '@/server/mail/outbound/templates';

const REPLY = [
  'Dzień dobry,',
  '',
  '**Ważne:** proszę _sprawdzić_ ustawienia:',
  '',
  '- klucz `API_KEY`',
  '- [panel](https://vouchie.pl/panel)',
  '',
  '```',
  'curl -X POST https://api.vouchie.pl/v1/codes',
  '```',
].join('\n');

describe('agent Markdown', () => {
  it('renders bold, italics, lists, links, inline code and code blocks', () => {
    const html = renderMarkdownHtml(REPLY);
    expect(html).toContain('<strong>Ważne:</strong>');
    expect(html).toContain('<em>sprawdzić</em>');
    expect(html).toContain('<li>klucz <code>API_KEY</code></li>');
    expect(html).toContain('<a href="https://vouchie.pl/panel" rel="noopener noreferrer nofollow" target="_blank">panel</a>');
    expect(html).toContain('<pre><code>curl -X POST https://api.vouchie.pl/v1/codes\n</code></pre>');
  });

  it('leaves script, iframe, event handlers and javascript: links inert', () => {
    const source = [
      '<script>alert(1)</script>',
      '<iframe src="https://evil.example"></iframe>',
      '<img src=x onerror="alert(1)">',
      '[kliknij](javascript:alert(1))',
      '[data](data:text/html;base64,PHNjcmlwdD4=)',
      '<a href="javascript:alert(1)">a</a>',
    ].join('\n\n');
    for (const html of [renderMarkdownHtml(source), renderMarkdownEmailHtml(source), renderMarkdownPreviewHtml(source)]) {
      expect(html).not.toMatch(/<script|<iframe|<img/i);
      // No element carries a handler or a script/data address (the typed `<a href="javascript:…">` is text).
      expect(html).not.toMatch(/<[a-z]+\b[^>]*(onerror=|href="javascript:|href="data:)/i);
      // Raw HTML is shown as the text that was typed.
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).toContain('kliknij');
    }
  });

  it('styles the e-mail HTML inline and drops any style the source brought', () => {
    const html = renderMarkdownEmailHtml('**a** and `b`\n\n<p style="color:red">x</p>');
    expect(html).toMatch(/<strong style="font-weight:700;[^"]*">a<\/strong>/);
    expect(html).toMatch(/<code style="font-family:/);
    expect(html).not.toMatch(/<[a-z]+\b[^>]*color:red/);
  });

  it('flattens to readable plain text', () => {
    expect(markdownToPlainText(REPLY)).toBe(
      [
        'Dzień dobry,',
        '',
        'Ważne: proszę sprawdzić ustawienia:',
        '',
        '- klucz API_KEY',
        '- panel (https://vouchie.pl/panel)',
        '',
        '    curl -X POST https://api.vouchie.pl/v1/codes',
      ].join('\n'),
    );
    expect(markdownToPlainText('[kliknij](javascript:alert(1)) a < b & c')).toBe('kliknij a < b & c');
  });
});

describe('agent reply e-mail', () => {
  const base = {
    locale: 'pl' as const,
    recipientName: null,
    ticketNumber: 'VCH-1001',
    subject: 'Kody',
    agentName: 'Ewa Dąbrowska',
    attachmentCount: 0,
    statusNotice: null,
    statusLabel: 'Otwarte',
    ticketUrl: 'https://support.vouchie.pl/pomoc/zgloszenia/VCH-1001',
  };

  it('renders a Markdown reply formatted and sanitised, with a readable text part', () => {
    const mail = renderAgentReply({ ...base, format: 'MARKDOWN', message: `${REPLY}\n\n<script>alert(1)</script>` });
    expect(mail.html).toMatch(/<strong style="[^"]*">Ważne:<\/strong>/);
    expect(mail.html).toMatch(/<a href="https:\/\/vouchie.pl\/panel" style="[^"]*" target="_blank">panel<\/a>/);
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain('Ważne: proszę sprawdzić ustawienia:');
    expect(mail.text).toContain('- panel (https://vouchie.pl/panel)');
    expect(mail.text).not.toContain('**');
  });

  it('keeps a plain-text message exactly as typed (no Markdown applied)', () => {
    const mail = renderAgentReply({ ...base, format: 'TEXT', message: 'kod *ABC_DEF_1* i 2*3' });
    expect(mail.html).toContain('kod *ABC_DEF_1* i 2*3');
    expect(mail.html).not.toContain('<em>');
    expect(mail.text).toContain('kod *ABC_DEF_1* i 2*3');
  });
});
