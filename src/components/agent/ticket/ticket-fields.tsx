'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { ChevronDown, LoaderCircle, Plus, UserRoundCheck, X } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import type { TicketChanges } from '@/server/tickets/agent-actions';
import { TICKET_CATEGORIES, TICKET_PRIORITIES, type TicketCategory, type TicketPriority } from '@/server/tickets/schemas';
import { canTransition, TICKET_STATUSES, type TicketStatus } from '@/server/tickets/status';
import { useToast } from '@/components/ui/toast';
import { useActionForm } from '@/components/ui/use-action-form';
import { controlClasses } from '@/components/ui/input';
import { cn } from '@/lib/cn';
import { ConflictNotice, type TicketConflict } from './conflict-notice';

export interface EditableFields {
  status: TicketStatus;
  priority: TicketPriority;
  category: TicketCategory;
  assigneeId: string | null;
  tags: string[];
}

interface StaffOption {
  id: string;
  name: string | null;
  email: string;
}

const PRIORITY_DOT: Record<TicketPriority, string> = {
  LOW: 'bg-slate-400',
  NORMAL: 'bg-sky-500',
  HIGH: 'bg-amber-500',
  URGENT: 'bg-red-600',
};

function CompactSelect({
  id,
  label,
  value,
  onChange,
  disabled,
  children,
  leading,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  children: React.ReactNode;
  leading?: React.ReactNode;
}) {
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="mb-1 block text-xs font-medium tracking-wide text-slate-500 uppercase">
        {label}
      </label>
      <div className="relative">
        {leading ? <span className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2">{leading}</span> : null}
        <select
          id={id}
          value={value}
          disabled={disabled}
          onChange={(event) => onChange(event.target.value)}
          className={cn(controlClasses, 'h-10 appearance-none pr-9 font-medium', leading ? 'pl-7' : null)}
        >
          {children}
        </select>
        <ChevronDown aria-hidden="true" className="pointer-events-none absolute top-1/2 right-3 size-4 -translate-y-1/2 text-slate-500" />
      </div>
    </div>
  );
}

/**
 * The ticket's editable fields. Every change saves at once with the version the page was rendered with; a
 * conflict shows who changed the ticket and the current values (the server refreshes the page behind it).
 */
export function TicketFields({
  save: saveChanges,
  version,
  values,
  staff,
  meId,
}: {
  /** The page's action, bound to the ticket: saves `changes` made against `expectedVersion`. */
  save: (expectedVersion: number, changes: TicketChanges) => Promise<ActionResult<{ version: number }, TicketConflict>>;
  version: number;
  values: EditableFields;
  staff: StaffOption[];
  meId: string;
}) {
  const t = useTranslations('agent.ticket');
  const tt = useTranslations('ticket');
  const toast = useToast();
  const [shown, setShown] = useState(values);
  const [seenVersion, setSeenVersion] = useState(version);
  const [conflict, setConflict] = useState<TicketConflict | null>(null);
  const [tagDraft, setTagDraft] = useState('');
  const form = useActionForm((changes: TicketChanges) => saveChanges(version, changes));
  const { isPending } = form;
  const error = form.formError ?? Object.values(form.fieldErrors).flat()[0] ?? null;

  // A refreshed page (after a save, or someone else's change) brings new values: show them.
  if (version !== seenVersion) {
    setSeenVersion(version);
    setShown(values);
  }

  const save = (changes: TicketChanges) => {
    const previous = shown;
    setShown({ ...shown, ...changes });
    form.setFormError(null);
    form.send(changes, {
      onSuccess: () => {
        setConflict(null);
        toast(t('saved'));
      },
      onFailure: ({ detail }) => {
        if (!detail) {
          setShown(previous);
          return;
        }
        const { current } = detail;
        setConflict(detail);
        setShown({
          status: current.status,
          priority: current.priority,
          category: current.category,
          assigneeId: current.assigneeId,
          tags: current.tags,
        });
      },
    });
  };

  const statuses = TICKET_STATUSES.filter((status) => status === shown.status || canTransition(shown.status, status, 'agent'));
  const addTag = () => {
    const tag = tagDraft.trim().toLowerCase();
    setTagDraft('');
    if (!tag || shown.tags.includes(tag)) return;
    save({ tags: [...shown.tags, tag] });
  };
  const staffLabel = (member: StaffOption) =>
    member.id === meId ? t('me', { name: member.name ?? member.email }) : (member.name ?? member.email);

  return (
    <div className="space-y-4" data-testid="ticket-fields" aria-busy={isPending}>
      {conflict ? <ConflictNotice message={conflict.message} onDismiss={() => setConflict(null)} /> : null}
      {error ? (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {error}
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <CompactSelect
          id="field-status"
          label={t('fields.status')}
          value={shown.status}
          disabled={isPending}
          onChange={(v) => save({ status: v as TicketStatus })}
        >
          {statuses.map((status) => (
            <option key={status} value={status}>
              {tt(`status.${status}`)}
            </option>
          ))}
        </CompactSelect>
        <CompactSelect
          id="field-priority"
          label={t('fields.priority')}
          value={shown.priority}
          disabled={isPending}
          onChange={(v) => save({ priority: v as TicketPriority })}
          leading={<span aria-hidden="true" className={cn('block size-2 rounded-full', PRIORITY_DOT[shown.priority])} />}
        >
          {TICKET_PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {tt(`priority.${priority}`)}
            </option>
          ))}
        </CompactSelect>
        <CompactSelect
          id="field-category"
          label={t('fields.category')}
          value={shown.category}
          disabled={isPending}
          onChange={(v) => save({ category: v as TicketCategory })}
        >
          {TICKET_CATEGORIES.map((category) => (
            <option key={category} value={category}>
              {tt(`category.${category}`)}
            </option>
          ))}
        </CompactSelect>
        <div className="min-w-0">
          <CompactSelect
            id="field-assignee"
            label={t('fields.assignee')}
            value={shown.assigneeId ?? ''}
            disabled={isPending}
            onChange={(v) => save({ assigneeId: v || null })}
          >
            <option value="">{t('unassigned')}</option>
            {staff.map((member) => (
              <option key={member.id} value={member.id}>
                {staffLabel(member)}
              </option>
            ))}
          </CompactSelect>
          {shown.assigneeId !== meId ? (
            <button
              type="button"
              disabled={isPending}
              onClick={() => save({ assigneeId: meId })}
              className="mt-1 inline-flex h-8 items-center gap-1.5 rounded-md px-1.5 text-xs font-semibold text-brand-700 hover:bg-brand-50 disabled:opacity-60"
            >
              <UserRoundCheck aria-hidden="true" className="size-3.5" />
              {t('assignToMe')}
            </button>
          ) : null}
        </div>
      </div>
      <div>
        <p id="field-tags-label" className="mb-1 text-xs font-medium tracking-wide text-slate-500 uppercase">
          {t('fields.tags')}
        </p>
        <div className="flex flex-wrap items-center gap-1.5" aria-labelledby="field-tags-label" role="group">
          {shown.tags.map((tag) => (
            <span
              key={tag}
              className="inline-flex h-7 items-center gap-1 rounded-md bg-slate-100 pr-1 pl-2 text-xs font-medium text-slate-700 ring-1 ring-slate-200"
            >
              #{tag}
              <button
                type="button"
                disabled={isPending}
                onClick={() => save({ tags: shown.tags.filter((other) => other !== tag) })}
                aria-label={t('removeTag', { tag })}
                className="flex size-5 items-center justify-center rounded text-slate-500 hover:bg-slate-200 hover:text-slate-900"
              >
                <X aria-hidden="true" className="size-3" />
              </button>
            </span>
          ))}
          <form
            className="flex items-center"
            onSubmit={(event) => {
              event.preventDefault();
              addTag();
            }}
          >
            <label htmlFor="field-tag-new" className="sr-only">
              {t('tagsPlaceholder')}
            </label>
            <input
              id="field-tag-new"
              value={tagDraft}
              onChange={(event) => setTagDraft(event.target.value)}
              maxLength={40}
              placeholder={t('tagsPlaceholder')}
              className="h-7 w-44 rounded-md border border-dashed border-slate-300 bg-white px-2 text-xs text-slate-800 placeholder:text-slate-400 focus-visible:border-brand-600 focus-visible:outline-none"
            />
            <button
              type="submit"
              aria-label={t('tagsPlaceholder')}
              className="ml-1 flex size-7 items-center justify-center rounded-md text-slate-500 hover:bg-slate-100"
            >
              {isPending ? (
                <LoaderCircle aria-hidden="true" className="size-3.5 animate-spin" />
              ) : (
                <Plus aria-hidden="true" className="size-3.5" />
              )}
            </button>
          </form>
        </div>
      </div>
    </div>
  );
}
