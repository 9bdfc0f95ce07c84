import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * Article Markdown → HTML that is safe to put on a page. Two layers:
 * 1. marked (GitHub-flavoured Markdown) with raw HTML turned off: an HTML block or inline tag in the Markdown is
 *    shown as text, never rendered (agents write Markdown; pasted HTML should look pasted, not run).
 * 2. sanitize-html with an allow-list of the tags Markdown produces: no script, style, iframe, object, form or
 *    event attributes; links only to http(s), mailto and this site's own paths; images only from this site (the
 *    editor's uploads, /api/kb/images/…), which is also all the pages' Content-Security-Policy would load.
 * Headings start at h2 (the page's h1 is the title). External links get rel="noopener noreferrer nofollow".
 * Runs on the server when an article is saved (the result is stored) and in the editor's preview request.
 */

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const markdown = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(token.text);
    },
  },
});

const LOCAL_IMAGE = /^\/api\/kb\/images\/[0-9a-f-]{36}$/i;

function isSafeHref(href: string): boolean {
  const value = href.trim();
  if (value.startsWith('/') && !value.startsWith('//')) return true;
  if (value.startsWith('#')) return true;
  return /^(https?:|mailto:)/i.test(value);
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'blockquote',
    'ul',
    'ol',
    'li',
    'strong',
    'em',
    'del',
    'code',
    'pre',
    'a',
    'span',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'input',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
    code: ['class'],
    // GFM task lists render disabled checkboxes.
    input: ['type', 'checked', 'disabled'],
  },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    h1: 'h2',
    a: (tagName, attribs) => {
      const href = attribs.href ?? '';
      if (!isSafeHref(href)) return { tagName: 'span', attribs: {} };
      const external = /^https?:/i.test(href.trim());
      return {
        tagName,
        attribs: { href, ...(attribs.title ? { title: attribs.title } : {}), ...(external ? { rel: 'noopener noreferrer nofollow' } : {}) },
      };
    },
    input: (tagName, attribs) =>
      attribs.type === 'checkbox'
        ? { tagName, attribs: { type: 'checkbox', disabled: '', ...(attribs.checked !== undefined ? { checked: '' } : {}) } }
        : { tagName: 'span', attribs: {} },
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !LOCAL_IMAGE.test(frame.attribs.src ?? ''),
};

/** Renders and sanitises; never throws on any input. */
export function renderArticleMarkdown(source: string): string {
  const html = markdown.parse(source.replace(/\u0000/g, ''), { async: false });
  return sanitizeHtml(html, SANITIZE);
}

/** Plain text of the Markdown (for excerpts and meta descriptions), whitespace collapsed. */
export function markdownToPlainText(source: string): string {
  const html = renderArticleMarkdown(source);
  return sanitizeHtml(html.replace(/<\/(p|h\d|li|pre|blockquote|tr)>/g, ' '), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}
