'use client';

import Link from 'next/link';
import { useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import { Pencil, Power, PowerOff, Trash2 } from 'lucide-react';
import { deleteCanned, setCannedActive } from '@/app/(agent)/agent/(staff)/admin/odpowiedzi/actions';
import { useToast } from '@/components/ui/toast';
import { Button, buttonClasses } from '@/components/ui/button';

/** Edit, turn on/off and delete one response from the list; deleting asks first. */
export function CannedRowActions({ id, title, active }: { id: string; title: string; active: boolean }) {
  const t = useTranslations('adminCanned');
  const toast = useToast();
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  const toggle = () =>
    startTransition(async () => {
      const result = await setCannedActive(id, !active);
      if (result.ok) toast(active ? t('deactivated') : t('activated'));
      else setError(result.formError ?? null);
    });

  const remove = () => {
    if (!window.confirm(t('confirmDelete', { title }))) return;
    startTransition(async () => {
      const result = await deleteCanned(id);
      if (result.ok) toast(t('deleted'));
      else setError(result.formError ?? null);
    });
  };

  return (
    <div className="flex shrink-0 flex-col items-stretch gap-1 sm:items-end">
      <div className="flex flex-wrap gap-1">
        <Link href={`/agent/admin/odpowiedzi/${id}`} className={buttonClasses({ variant: 'ghost', className: 'px-3' })} aria-label={t('editNamed', { title })}>
          <Pencil aria-hidden="true" />
          {t('edit')}
        </Link>
        <Button variant="ghost" className="px-3" onClick={toggle} disabled={isPending}>
          {active ? <PowerOff aria-hidden="true" /> : <Power aria-hidden="true" />}
          {active ? t('deactivate') : t('activate')}
        </Button>
        <Button variant="danger" className="px-3" onClick={remove} disabled={isPending}>
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
