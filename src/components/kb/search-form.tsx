import { getTranslations } from 'next-intl/server';
import { Search } from 'lucide-react';
import { KB_LIMITS } from '@/server/kb/schemas';
import { PORTAL_PATHS } from '@/server/links';
import { buttonClasses } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { cn } from '@/lib/cn';

/** A plain GET form to /pomoc/baza-wiedzy?q=…: works without JavaScript, and the results have an address. */
export async function KbSearchForm({ defaultValue = '', className }: { defaultValue?: string; className?: string }) {
  const t = await getTranslations('kb.search');
  return (
    <form role="search" action={PORTAL_PATHS.kb} method="get" className={cn('flex gap-2', className)}>
      <label htmlFor="kb-q" className="sr-only">
        {t('label')}
      </label>
      <div className="relative flex-1">
        <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-400" />
        <Input
          id="kb-q"
          name="q"
          type="search"
          defaultValue={defaultValue}
          maxLength={KB_LIMITS.query}
          placeholder={t('placeholder')}
          className="pl-9"
        />
      </div>
      <button type="submit" className={buttonClasses()}>
        {t('submit')}
      </button>
    </form>
  );
}
