'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { runAction, type ActionContext, type ActionResult, type Expected } from '@/server/actions/run-action';
import { requireAgentArea } from '@/server/auth/guards';
import { draftFromMessage, restoreArticleVersion, saveArticle, setArticleStatus, type ArticleError } from '@/server/kb/articles';
import { renderArticleMarkdown } from '@/server/kb/markdown';
import { KB_LIMITS, type ArticleInput } from '@/server/kb/schemas';
import { kbArticlePath, kbEditorPath, PORTAL_PATHS } from '@/server/links';

function describe(error: Exclude<ArticleError, { kind: 'invalid' }>, { t }: ActionContext): Expected<{ currentVersion: number }> {
  switch (error.kind) {
    case 'forbidden':
      return { formError: t('adminKb.errors.forbidden') };
    case 'not_found':
      return { formError: t('adminKb.errors.notFound') };
    case 'conflict':
      return {
        formError: t('adminKb.errors.conflict', { version: error.currentVersion }),
        detail: { currentVersion: error.currentVersion },
      };
  }
}

// The help centre renders per request from the stored HTML; this drops any router or data cache of its pages too.
function helpCentreChanged(slug?: string) {
  revalidatePath(PORTAL_PATHS.kb);
  if (slug) revalidatePath(kbArticlePath(slug));
}

export async function saveKbArticle(
  id: string | null,
  input: ArticleInput,
  options: { expectedVersion?: number; translationOf?: string | null } = {},
): Promise<ActionResult<{ id: string; version: number }, { currentVersion: number }>> {
  return runAction({
    name: 'saveKbArticle',
    run: async ({ principal }) => {
      const result = await saveArticle(principal, id, input, options);
      if (result.ok) helpCentreChanged(input.slug);
      return result;
    },
    expected: describe,
    success: (value, { t }) => ({ data: value, message: t('adminKb.editor.saved') }),
  });
}

export async function setKbArticlePublished(
  id: string,
  published: boolean,
): Promise<ActionResult<{ version: number }, { currentVersion: number }>> {
  return runAction({
    name: 'setKbArticlePublished',
    run: async ({ principal }) => {
      const result = await setArticleStatus(principal, id, published ? 'PUBLISHED' : 'DRAFT');
      if (result.ok) helpCentreChanged(result.value.slug);
      return result;
    },
    expected: describe,
    success: ({ version }, { t }) => ({
      data: { version },
      message: t(published ? 'adminKb.editor.published' : 'adminKb.editor.unpublished'),
    }),
  });
}

export async function restoreKbArticleVersion(id: string, version: number): Promise<ActionResult> {
  return runAction({
    name: 'restoreKbArticleVersion',
    run: ({ principal }) => restoreArticleVersion(principal, id, version),
    expected: (error, context) => ({ formError: describe(error, context).formError }),
    success: (_value, { t }) => ({ data: null, message: t('adminKb.history.restored', { version }) }),
  });
}

/** The editor's live preview: the same renderer and sanitiser as a saved article. Staff only. */
export async function previewKbMarkdown(body: string): Promise<string> {
  await requireAgentArea();
  return renderArticleMarkdown(body.slice(0, KB_LIMITS.body));
}

/** "Zapisz jako artykuł" on a ticket reply: a draft from it, then the editor. */
export async function saveReplyAsArticle(messageId: string): Promise<ActionResult> {
  let created: string | null = null;
  const result = await runAction({
    name: 'saveReplyAsArticle',
    refresh: false,
    run: ({ principal }) => draftFromMessage(principal, messageId),
    expected: (error, context) => ({ formError: describe(error, context).formError }),
    success: ({ id }) => {
      created = id;
      return { data: null };
    },
  });
  if (created) redirect(kbEditorPath(created));
  return result;
}
