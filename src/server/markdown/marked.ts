import { Marked, type Tokens } from 'marked';

/**
 * The one Markdown dialect of agents' replies and notes (GitHub-flavoured, single newlines kept as line breaks).
 * Safe by construction, before any sanitising: raw HTML is written escaped, links other than http(s)/mailto and
 * images are written as their text. No sanitize-html here, so the composer's live preview can use it in the browser;
 * everything stored is rendered through render.ts, which sanitises on top.
 */

export type MessageFormat = 'TEXT' | 'MARKDOWN';

export const SAFE_LINK = /^(https?:|mailto:)/i;

const escapeText = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export const marked = new Marked({
  gfm: true,
  // Agents write line by line, as in the plain-text composer: a single newline stays a line break.
  breaks: true,
  renderer: {
    // Raw HTML written in a reply is shown as the text it is, never as markup.
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeText(text);
    },
    link({ href, tokens }: Tokens.Link) {
      const text = this.parser.parseInline(tokens);
      if (!SAFE_LINK.test(href.trim())) return text;
      return `<a href="${escapeText(href.trim())}" rel="noopener noreferrer nofollow" target="_blank">${text}</a>`;
    },
    image({ text }: Tokens.Image) {
      return escapeText(text);
    },
  },
});

/** HTML for the composer's live preview (the agent's own draft): safe by construction, see above. */
export function renderMarkdownPreviewHtml(source: string): string {
  return marked.parse(source, { async: false });
}
