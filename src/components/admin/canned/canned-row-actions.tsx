'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Pencil, Power, PowerOff, Trash2 } from 'lucide-react';
import type { ActionResult } from '@/server/actions/result';
import { useToast } from '@/components/ui/toast';
import { useActionForm } from '@/components/ui/use-action-form';
import { Button, buttonClasses } from '@/components/ui/button';
import { cannedResponsePath } from '@/server/links';

/** Edit, turn on/off and delete one response from the list; deleting asks first. */
type CannedRowAction = () => Promise<ActionResult<{ id: string }>>;

export function CannedRowActions({
  actions,
  id,
  title,
  active,
}: {
  /** The page's actions: turn this response on or off, delete it. */
  actions: {
    setActive: (id: string, active: boolean) => Promise<ActionResult<{ id: string }>>;
    remove: (id: string) => Promise<ActionResult<{ id: string }>>;
  };
  id: string;
  title: string;
  active: boolean;
}) {
  const t = useTranslations('adminCanned');
  const toast = useToast();
  const { formError: error, isPending, send } = useActionForm((act: CannedRowAction) => act());

  const toggle = () => send(() => actions.setActive(id, !active), { onSuccess: () => toast(active ? t('deactivated') : t('activated')) });

  const remove = () => {
    if (!window.confirm(t('confirmDelete', { title }))) return;
    send(() => actions.remove(id), { onSuccess: () => toast(t('deleted')) });
  };

  return (
    <div className="flex shrink-0 flex-col items-stretch gap-1 sm:items-end">
      <div className="flex flex-wrap gap-1">
        <Link
          href={cannedResponsePath(id)}
          className={buttonClasses({ variant: 'ghost', size: 'compact' })}
          aria-label={t('editNamed', { title })}
        >
          <Pencil aria-hidden="true" />
          {t('edit')}
        </Link>
        <Button variant="ghost" size="compact" onClick={toggle} disabled={isPending}>
          {active ? <PowerOff aria-hidden="true" /> : <Power aria-hidden="true" />}
          {active ? t('deactivate') : t('activate')}
        </Button>
        <Button variant="danger" size="compact" onClick={remove} disabled={isPending}>
          <Trash2 aria-hidden="true" />
          {t('delete')}
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
