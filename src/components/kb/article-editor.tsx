'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { ChevronLeft, ExternalLink, Eye, EyeOff, ImageUp, LoaderCircle, Save } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import {
  articleSchema,
  KB_LIMITS,
  KB_LOCALES,
  KB_SECTIONS,
  parseTags,
  slugify,
  type ArticleInput,
  type KbLocale,
  type KbSection,
} from '@/server/kb/schemas';
import { TICKET_CATEGORIES, type TicketCategory } from '@/server/tickets/schemas';
import { AGENT_PATHS, kbArticlePath, kbEditorPath } from '@/server/links';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input, Select, Textarea } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import { useToast } from '@/components/ui/toast';
import { useActionForm } from '@/components/ui/use-action-form';
import { ArticleBody } from './article-body';

export interface EditorArticle {
  id: string | null;
  title: string;
  slug: string;
  summary: string;
  body: string;
  section: KbSection;
  locale: KbLocale;
  tags: string[];
  categories: TicketCategory[];
  status: 'DRAFT' | 'PUBLISHED';
  version: number;
}

export interface EditorActions {
  save: (
    id: string | null,
    input: ArticleInput,
    options: { expectedVersion?: number; translationOf?: string | null },
  ) => Promise<ActionResult<{ id: string; version: number }, { currentVersion: number }>>;
  setPublished: (id: string, published: boolean) => Promise<ActionResult<{ version: number }, { currentVersion: number }>>;
  preview: (body: string) => Promise<string>;
}

const PREVIEW_DELAY_MS = 300;

/**
 * The article editor: fields on the left, the live preview (rendered and sanitised by the server, exactly as the
 * help centre will show it) beside them. Images pasted (Ctrl+V) or dropped into the text are uploaded and inserted
 * as Markdown at the cursor. Saving sends the version it was edited from: a concurrent save is refused, not
 * overwritten.
 */
export function ArticleEditor({
  initial,
  actions,
  translationOf = null,
}: {
  initial: EditorArticle;
  actions: EditorActions;
  translationOf?: string | null;
}) {
  const t = useTranslations('adminKb');
  const tk = useTranslations('kb');
  const tcat = useTranslations('ticket.category');
  const router = useRouter();
  const toast = useToast();
  const [values, setValues] = useState(initial);
  const [tagsText, setTagsText] = useState(initial.tags.join(', '));
  const [slugEdited, setSlugEdited] = useState(initial.id !== null);
  const [preview, setPreview] = useState<string | null>(null);
  const [uploading, setUploading] = useState(0);
  const [dirty, setDirty] = useState(false);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  // Bound to what the editor holds now: the id once created, the version it was edited from.
  const form = useActionForm(
    (payload: ArticleInput) => actions.save(values.id, payload, { expectedVersion: values.version, translationOf }),
    { schema: articleSchema },
  );
  const publishing = useActionForm((published: boolean) => actions.setPublished(values.id ?? '', published));
  const { fieldErrors: errors, setFieldErrors } = form;

  useEffect(() => {
    const body = values.body;
    const timer = setTimeout(() => {
      actions.preview(body).then(setPreview, () => undefined);
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [values.body, actions]);

  const set = <K extends keyof EditorArticle>(key: K, value: EditorArticle[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setDirty(true);
    setFieldErrors((e) => (e[key] ? Object.fromEntries(Object.entries(e).filter(([path]) => path !== key)) : e));
  };

  const input = (): ArticleInput => ({
    title: values.title,
    slug: values.slug,
    summary: values.summary,
    body: values.body,
    section: values.section,
    locale: values.locale,
    tags: parseTags(tagsText),
    categories: values.categories,
  });

  const save = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.submit(input(), {
      onSuccess: ({ data }) => {
        setDirty(false);
        setValues((v) => ({ ...v, version: data.version }));
        if (values.id === null) router.push(kbEditorPath(data.id));
      },
    });
  };
  const togglePublished = () => {
    if (!values.id) return;
    const next = values.status !== 'PUBLISHED';
    publishing.send(next, {
      onSuccess: ({ data }) => setValues((v) => ({ ...v, status: next ? 'PUBLISHED' : 'DRAFT', version: data.version })),
    });
  };

  const insertAtCursor = (text: string) => {
    const area = bodyRef.current;
    const start = area?.selectionStart ?? values.body.length;
    const end = area?.selectionEnd ?? values.body.length;
    const next = `${values.body.slice(0, start)}${text}${values.body.slice(end)}`;
    set('body', next);
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(start + text.length, start + text.length);
    });
  };

  const upload = async (files: File[]) => {
    for (const file of files.filter((f) => f.type.startsWith('image/'))) {
      setUploading((n) => n + 1);
      try {
        const body = new FormData();
        body.append('file', file);
        const response = await fetch('/api/kb/images', { method: 'POST', body });
        const data = (await response.json().catch(() => ({}))) as { path?: string; fileName?: string; error?: string };
        if (response.ok && data.path) insertAtCursor(`\n![${(data.fileName ?? 'obraz').replace(/[[\]]/g, '')}](${data.path})\n`);
        else toast(t('editor.uploadFailed', { message: data.error ?? String(response.status) }));
      } catch {
        toast(t('editor.uploadFailed', { message: '—' }));
      } finally {
        setUploading((n) => n - 1);
      }
    }
  };

  const pathPreview = kbArticlePath(values.slug || '…');

  return (
    <div>
      <Link href={AGENT_PATHS.kb} className="inline-flex items-center gap-1 text-sm font-medium text-brand-700 hover:underline">
        <ChevronLeft aria-hidden="true" className="size-4" />
        {t('editor.back')}
      </Link>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">{values.id ? t('editor.editTitle') : t('editor.newTitle')}</h1>
        {values.id ? (
          <Badge tone={values.status === 'PUBLISHED' ? 'success' : 'warning'} data-testid="kb-status">
            {t(`status.${values.status}`)}
          </Badge>
        ) : null}
        {dirty ? <span className="text-xs text-amber-800">{t('editor.unsaved')}</span> : null}
      </div>

      <div className="mt-5 grid gap-6 xl:grid-cols-2">
        <Card className="p-5 sm:p-6">
          <form noValidate onSubmit={save} className="space-y-5">
            {form.formError ? (
              <Alert tone="error" role="alert">
                {form.formError}
              </Alert>
            ) : null}
            <Field id="kb-title" label={t('editor.titleLabel')} required errors={errors.title}>
              {(control) => (
                <Input
                  {...control}
                  maxLength={KB_LIMITS.title}
                  value={values.title}
                  onChange={(e) => {
                    set('title', e.target.value);
                    if (!slugEdited) set('slug', slugify(e.target.value));
                  }}
                />
              )}
            </Field>
            <Field
              id="kb-slug"
              label={t('editor.slugLabel')}
              required
              errors={errors.slug}
              hint={t('editor.slugHint', { path: pathPreview })}
            >
              {(control) => (
                <Input
                  {...control}
                  maxLength={KB_LIMITS.slug}
                  spellCheck={false}
                  value={values.slug}
                  onChange={(e) => {
                    setSlugEdited(true);
                    set('slug', e.target.value);
                  }}
                />
              )}
            </Field>
            <div className="grid gap-5 sm:grid-cols-2">
              <Field id="kb-section" label={t('editor.sectionLabel')} required errors={errors.section}>
                {(control) => (
                  <Select {...control} value={values.section} onChange={(e) => set('section', e.target.value as KbSection)}>
                    {KB_SECTIONS.map((section) => (
                      <option key={section} value={section}>
                        {tk(`sections.${section}`)}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
              <Field id="kb-locale" label={t('editor.localeLabel')} errors={errors.locale}>
                {(control) => (
                  <Select {...control} value={values.locale} onChange={(e) => set('locale', e.target.value as KbLocale)}>
                    {KB_LOCALES.map((locale) => (
                      <option key={locale} value={locale}>
                        {t(`locales.${locale}`)}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
            </div>
            <Field id="kb-summary" label={t('editor.summaryLabel')} errors={errors.summary} hint={t('editor.summaryHint')}>
              {(control) => (
                <Textarea
                  {...control}
                  rows={2}
                  maxLength={KB_LIMITS.summary}
                  value={values.summary}
                  onChange={(e) => set('summary', e.target.value)}
                />
              )}
            </Field>
            <Field
              id="kb-body"
              label={t('editor.bodyLabel')}
              required
              errors={errors.body}
              hint={t('editor.bodyHint')}
              aside={
                uploading ? (
                  <span className="flex items-center gap-1 text-xs text-slate-600" role="status">
                    <LoaderCircle aria-hidden="true" className="size-3.5 animate-spin" />
                    {t('editor.uploading')}
                  </span>
                ) : (
                  <ImageUp aria-hidden="true" className="size-4 text-slate-400" />
                )
              }
            >
              {(control) => (
                <Textarea
                  {...control}
                  ref={bodyRef}
                  rows={16}
                  spellCheck
                  look="custom"
                  className="min-h-24 bg-white font-mono text-[13px] leading-relaxed sm:text-[13px]"
                  value={values.body}
                  onChange={(e) => set('body', e.target.value)}
                  onPaste={(e) => {
                    const files = Array.from(e.clipboardData.files);
                    if (files.some((f) => f.type.startsWith('image/'))) {
                      e.preventDefault();
                      void upload(files);
                    }
                  }}
                  onDragOver={(e) => {
                    if (e.dataTransfer.types.includes('Files')) e.preventDefault();
                  }}
                  onDrop={(e) => {
                    const files = Array.from(e.dataTransfer.files);
                    if (files.length) {
                      e.preventDefault();
                      void upload(files);
                    }
                  }}
                />
              )}
            </Field>
            <Field id="kb-tags" label={t('editor.tagsLabel')} errors={errors.tags} hint={t('editor.tagsHint')}>
              {(control) => (
                <Input
                  {...control}
                  value={tagsText}
                  onChange={(e) => {
                    setTagsText(e.target.value);
                    setDirty(true);
                  }}
                />
              )}
            </Field>
            <fieldset>
              <legend className="text-sm font-medium text-slate-900">{t('editor.categoriesLegend')}</legend>
              <div className="mt-2 flex flex-wrap gap-x-5 gap-y-2">
                {TICKET_CATEGORIES.map((category) => (
                  <label key={category} className="flex min-h-11 items-center gap-2 text-sm text-slate-700 sm:min-h-0">
                    <input
                      type="checkbox"
                      className="size-4 rounded border-slate-300 text-brand-600"
                      checked={values.categories.includes(category)}
                      onChange={(e) =>
                        set(
                          'categories',
                          e.target.checked ? [...values.categories, category] : values.categories.filter((c) => c !== category),
                        )
                      }
                    />
                    {tcat(category)}
                  </label>
                ))}
              </div>
            </fieldset>

            <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-5">
              <SubmitButton pending={form.isPending} icon={<Save aria-hidden="true" />}>
                {form.isPending ? t('editor.saving') : t('editor.save')}
              </SubmitButton>
              {values.id ? (
                <Button variant="secondary" onClick={togglePublished} disabled={publishing.isPending || dirty}>
                  {values.status === 'PUBLISHED' ? <EyeOff aria-hidden="true" /> : <Eye aria-hidden="true" />}
                  {values.status === 'PUBLISHED' ? t('editor.unpublish') : t('editor.publish')}
                </Button>
              ) : null}
              {values.id && values.status === 'PUBLISHED' ? (
                <Link
                  href={kbArticlePath(values.slug)}
                  target="_blank"
                  className="inline-flex items-center gap-1 text-sm font-medium text-brand-700 hover:underline"
                >
                  {t('editor.view')}
                  <ExternalLink aria-hidden="true" className="size-3.5" />
                </Link>
              ) : null}
            </div>
            {publishing.formError ? (
              <p role="alert" className="text-sm text-red-700">
                {publishing.formError}
              </p>
            ) : null}
          </form>
        </Card>

        <section aria-labelledby="kb-preview-title" className="min-w-0">
          <Card className="p-5 sm:p-8 xl:sticky xl:top-20">
            <h2 id="kb-preview-title" className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
              {t('editor.preview')}
            </h2>
            <p className="mt-3 text-2xl font-bold tracking-tight text-slate-900">{values.title || '—'}</p>
            {preview ? (
              <ArticleBody html={preview} className="mt-4" />
            ) : (
              <p className="mt-4 text-sm text-slate-500">{t('editor.previewEmpty')}</p>
            )}
          </Card>
        </section>
      </div>
    </div>
  );
}
