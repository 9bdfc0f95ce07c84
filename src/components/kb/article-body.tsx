import { cn } from '@/lib/cn';
import styles from './article-body.module.css';

/**
 * An article's HTML, as rendered and sanitised by src/server/kb/markdown.ts when the article was saved (or by the
 * editor's preview request): only the allow-listed tags of Markdown, no scripts, no event attributes.
 */
export function ArticleBody({ html, className }: { html: string; className?: string }) {
  return <div className={cn(styles.prose, className)} dangerouslySetInnerHTML={{ __html: html }} />;
}
