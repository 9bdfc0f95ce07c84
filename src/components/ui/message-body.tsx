import { renderMarkdownHtml, type MessageFormat } from '@/server/markdown/render';
import { cn } from '@/lib/cn';

/** Typography for rendered Markdown (lists, code, quotes, links), shared by the threads and the composer's preview. */
export const MARKDOWN_CLASSES =
  'break-words [&_a]:font-medium [&_a]:text-brand-700 [&_a]:underline [&_a]:underline-offset-2 [&_blockquote]:my-2 [&_blockquote]:border-l-2 [&_blockquote]:border-slate-300 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600 [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:py-0.5 [&_code]:font-mono [&_code]:text-[0.9em] [&_h1]:my-2 [&_h1]:text-lg [&_h1]:font-semibold [&_h2]:my-2 [&_h2]:text-base [&_h2]:font-semibold [&_h3]:my-2 [&_h3]:font-semibold [&_hr]:my-3 [&_hr]:border-slate-200 [&_li]:my-0.5 [&_ol]:my-2 [&_ol]:list-decimal [&_ol]:pl-6 [&_p]:my-2 [&_p:first-child]:mt-0 [&_p:last-child]:mb-0 [&_pre]:my-2 [&_pre]:overflow-x-auto [&_pre]:rounded-lg [&_pre]:bg-slate-900 [&_pre]:p-3 [&_pre]:text-xs [&_pre]:text-slate-100 [&_pre_code]:bg-transparent [&_pre_code]:p-0 [&_pre_code]:text-inherit [&_ul]:my-2 [&_ul]:list-disc [&_ul]:pl-6';

/**
 * A message's body: TEXT exactly as typed (escaped, line breaks kept), MARKDOWN rendered and sanitised
 * (src/server/markdown), so a customer's `*` or `_` is never read as formatting.
 */
export function MessageBody({ body, format, className }: { body: string; format: MessageFormat; className?: string }) {
  if (format === 'MARKDOWN') {
    return (
      <div
        data-format="markdown"
        className={cn(MARKDOWN_CLASSES, className)}
        // Sanitised HTML: allow-listed tags only, http(s)/mailto links, raw HTML in the source escaped.
        dangerouslySetInnerHTML={{ __html: renderMarkdownHtml(body) }}
      />
    );
  }
  return <p className={cn('break-words whitespace-pre-wrap', className)}>{body}</p>;
}
