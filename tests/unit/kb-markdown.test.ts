import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { markdownToPlainText, renderArticleMarkdown } from '@/server/kb/markdown';

const IMAGE = '/api/kb/images/123e4567-e89b-12d3-a456-426614174000';

describe('article Markdown rendering', () => {
  it('renders headings (h1 demoted to h2, the page title is the h1), emphasis, lists and tables', () => {
    const html = renderArticleMarkdown('# Aktywacja\n\n**Krok** _pierwszy_\n\n1. Jeden\n2. Dwa\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    expect(html).toContain('<h2>Aktywacja</h2>');
    expect(html).toContain('<strong>Krok</strong> <em>pierwszy</em>');
    expect(html).toContain('<ol>');
    expect(html).toContain('<td>1</td>');
    expect(html).not.toContain('<h1');
  });

  it('shows a script tag as text instead of running it', () => {
    const html = renderArticleMarkdown('<script>alert(1)</script>\n\nTekst <script>alert(2)</script>');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('keeps iframes, objects, styles and event handlers inert', () => {
    const html = renderArticleMarkdown(
      '<iframe src="https://evil.example"></iframe>\n\n<object data="x"></object><style>body{}</style>\n\n<img src=x onerror="alert(1)">',
    );
    expect(html).not.toMatch(/<(iframe|object|style|img)/i);
    expect(html).not.toMatch(/<[^>]*\sonerror=/i);
  });

  it('renders raw HTML as text, not markup', () => {
    const html = renderArticleMarkdown('Zobacz <b onclick="x()">to</b> i <a href="https://vouchie.pl">tu</a>');
    expect(html).toContain('&lt;b onclick="x()"&gt;to&lt;/b&gt;');
    expect(html).not.toMatch(/<b[\s>]/);
    expect(html).not.toMatch(/<a /);
  });

  it('drops javascript:, data: and protocol-relative links but keeps their text', () => {
    for (const href of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      ' javascript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      '//evil.example/x',
      'vbscript:x',
    ]) {
      const html = renderArticleMarkdown(`[kliknij](${href})`);
      expect(html, href).not.toMatch(/href=/);
      expect(html, href).toContain('kliknij');
    }
  });

  it('keeps http(s), mailto and own-site links, marking external ones nofollow', () => {
    const html = renderArticleMarkdown('[a](https://vouchie.pl/cennik) [b](/pomoc/kontakt) [c](mailto:pomoc@vouchie.pl)');
    expect(html).toContain('<a href="https://vouchie.pl/cennik" rel="noopener noreferrer nofollow">a</a>');
    expect(html).toContain('<a href="/pomoc/kontakt">b</a>');
    expect(html).toContain('<a href="mailto:pomoc@vouchie.pl">c</a>');
  });

  it('keeps only images uploaded to the knowledge base', () => {
    const html = renderArticleMarkdown(`![zrzut](${IMAGE}) ![obcy](https://tracker.example/pixel.png) ![x](/api/attachments/1)`);
    expect(html).toContain(`<img src="${IMAGE}" alt="zrzut" />`);
    expect(html).not.toContain('tracker.example');
    expect(html).not.toContain('/api/attachments/1');
  });

  it('escapes code blocks', () => {
    expect(renderArticleMarkdown('```html\n<script>x</script>\n```')).toContain('&lt;script&gt;x&lt;/script&gt;');
  });

  it('never lets a tag with an event handler or a script through, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.constantFrom('<script>', '<img src=x onerror=a>', '[x](javascript:a)', '<svg onload=a>', '<iframe>'),
        (text, evil) => {
          const html = renderArticleMarkdown(`${text}${evil}${text}`);
          expect(html).not.toMatch(/<(script|iframe|svg|object|embed|style)/i);
          expect(html).not.toMatch(/<[^>]+\son\w+=/i);
          expect(html).not.toMatch(/href="\s*javascript:/i);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives plain text for excerpts', () => {
    expect(markdownToPlainText('# Tytuł\n\nAkapit *raz* & dwa.\n\n- lista')).toBe('Tytuł Akapit raz & dwa. lista');
  });
});
