import { getTranslations } from 'next-intl/server';
import { KB_LIMITS } from '@/server/kb/schemas';
import { PORTAL_PATHS } from '@/server/links';
import { buttonClasses } from '@/components/ui/button';
import { SearchField } from '@/components/ui/search-field';
import { cn } from '@/lib/cn';

/** A plain GET form to /pomoc/baza-wiedzy?q=…: works without JavaScript, and the results have an address. */
export async function KbSearchForm({ defaultValue = '', className }: { defaultValue?: string; className?: string }) {
  const t = await getTranslations('kb.search');
  return (
    <form role="search" action={PORTAL_PATHS.kb} method="get" className={cn('flex gap-2', className)}>
      <SearchField id="kb-q" label={t('label')} placeholder={t('placeholder')} defaultValue={defaultValue} maxLength={KB_LIMITS.query} />
      <button type="submit" className={buttonClasses()}>
        {t('submit')}
      </button>
    </form>
  );
}
