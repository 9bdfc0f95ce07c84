import type { Token, Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { marked, SAFE_LINK } from './marked';

/**
 * Agents' replies and notes in Markdown (bold, italics, lists, links, inline code and code blocks), rendered for
 * the portal, the agent thread and the HTML e-mail, and flattened for the e-mail's plain-text part.
 *
 * Safety is in two layers: raw HTML in the source is never passed through (marked's `html` tokens are written
 * escaped, as text), and whatever marked produces then goes through sanitize-html with a short allow-list of tags
 * and only http(s)/mailto links, so `<script>`, `<iframe>`, event handlers and `javascript:` links end up inert.
 */

export type { MessageFormat } from './marked';

const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'em',
  'del',
  'ul',
  'ol',
  'li',
  'a',
  'code',
  'pre',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
];
const ALLOWED_SCHEMES = ['http', 'https', 'mailto'];

function toHtml(source: string): string {
  return marked.parse(source, { async: false });
}

/** Sanitised HTML for the web (portal and agent thread): links open in a new tab, without the opener or referrer. */
export function renderMarkdownHtml(source: string): string {
  return sanitizeHtml(toHtml(source), {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: { a: ['href', 'rel', 'target'], ol: ['start'] },
    allowedSchemes: ALLOWED_SCHEMES,
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...(attribs.href ? { href: attribs.href } : {}), rel: 'noopener noreferrer nofollow', target: '_blank' },
      }),
    },
  });
}

const EMAIL_TEXT = '#1f2937';
const EMAIL_BRAND = '#2545ea'; // the mail layout's BRAND_COLOR
/** Inline styles per tag for the e-mail (mail clients ignore style sheets); whatever the source had is dropped. */
const EMAIL_STYLES: Record<string, string> = {
  p: 'margin:0 0 12px;',
  ul: 'margin:0 0 12px;padding:0 0 0 22px;',
  ol: 'margin:0 0 12px;padding:0 0 0 22px;',
  li: 'margin:0 0 4px;',
  code: "font-family:Consolas,Menlo,'Courier New',monospace;font-size:14px;background-color:#e9ecef;border-radius:3px;padding:1px 4px;",
  pre: "margin:0 0 12px;padding:10px 12px;background-color:#e9ecef;border-radius:4px;font-family:Consolas,Menlo,'Courier New',monospace;font-size:13px;line-height:19px;white-space:pre-wrap;word-break:break-word;",
  blockquote: 'margin:0 0 12px;padding:0 0 0 12px;border-left:3px solid #cbd5e1;color:#4b5563;',
  h1: 'margin:0 0 10px;font-size:18px;line-height:24px;',
  h2: 'margin:0 0 10px;font-size:17px;line-height:23px;',
  h3: 'margin:0 0 8px;font-size:16px;line-height:22px;',
  h4: 'margin:0 0 8px;font-size:15px;line-height:21px;',
  h5: 'margin:0 0 8px;font-size:15px;line-height:21px;',
  h6: 'margin:0 0 8px;font-size:15px;line-height:21px;',
  hr: 'border:0;border-top:1px solid #cbd5e1;margin:12px 0;',
};

/** Sanitised HTML for an e-mail body, every element styled inline. */
export function renderMarkdownEmailHtml(source: string): string {
  const styled = Object.fromEntries(
    Object.entries(EMAIL_STYLES).map(([tag, style]) => [
      tag,
      (tagName: string, attribs: sanitizeHtml.Attributes) => ({
        tagName,
        attribs: tag === 'ol' && attribs.start ? { style, start: attribs.start } : { style },
      }),
    ]),
  );
  return sanitizeHtml(toHtml(source), {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: { '*': ['style'], a: ['href', 'style', 'target'], ol: ['start', 'style'] },
    allowedSchemes: ALLOWED_SCHEMES,
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    transformTags: {
      ...styled,
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...(attribs.href ? { href: attribs.href } : {}), style: `color:${EMAIL_BRAND};`, target: '_blank' },
      }),
      strong: (tagName) => ({ tagName, attribs: { style: `font-weight:700;color:${EMAIL_TEXT};` } }),
    },
  });
}

/**
 * A readable plain-text version: emphasis marks dropped, links as "text (address)", lists with "-" or numbers,
 * code blocks indented by four spaces. Raw HTML stays as typed.
 */
export function markdownToPlainText(source: string): string {
  const tokens = marked.lexer(source);
  return blocksText(tokens)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function blocksText(tokens: Token[]): string {
  return tokens
    .map((token) => blockText(token))
    .filter((text) => text !== '')
    .join('\n\n');
}

function blockText(token: Token): string {
  switch (token.type) {
    case 'space':
      return '';
    case 'code':
      return (token as Tokens.Code).text
        .split('\n')
        .map((line) => `    ${line}`)
        .join('\n');
    case 'list': {
      const list = token as Tokens.List;
      const start = typeof list.start === 'number' ? list.start : 1;
      return list.items
        .map((item, index) => {
          const bullet = list.ordered ? `${start + index}.` : '-';
          const text = blocksText(item.tokens).replace(/\n\n/g, '\n');
          return `${bullet} ${text.replace(/\n/g, '\n   ')}`;
        })
        .join('\n');
    }
    case 'blockquote':
      return blocksText((token as Tokens.Blockquote).tokens)
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
    case 'hr':
      return '---';
    case 'heading':
    case 'paragraph':
    case 'text': {
      const inner = (token as Tokens.Paragraph).tokens;
      return inner ? inlineText(inner) : (token as Tokens.Text).text;
    }
    default:
      return 'raw' in token && typeof token.raw === 'string' ? token.raw.trim() : '';
  }
}

function inlineText(tokens: Token[]): string {
  return tokens
    .map((token) => {
      switch (token.type) {
        case 'strong':
        case 'em':
        case 'del':
          return inlineText((token as Tokens.Strong).tokens);
        case 'codespan':
          return (token as Tokens.Codespan).text
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&quot;/g, '"')
            .replace(/&#39;/g, "'")
            .replace(/&amp;/g, '&');
        case 'br':
          return '\n';
        case 'link': {
          const link = token as Tokens.Link;
          const text = inlineText(link.tokens);
          if (!SAFE_LINK.test(link.href)) return text;
          const href = link.href.replace(/^mailto:/i, '');
          return text === href || text === link.href ? text : `${text} (${link.href})`;
        }
        case 'image':
          return (token as Tokens.Image).text;
        case 'escape':
          return (token as Tokens.Escape).text;
        case 'text':
          return 'tokens' in token && token.tokens ? inlineText(token.tokens) : unescapeEntities((token as Tokens.Text).text);
        default:
          return token.raw;
      }
    })
    .join('');
}

function unescapeEntities(value: string): string {
  return value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
