import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { MessageCircleQuestion } from 'lucide-react';
import { PORTAL_PATHS } from '@/server/links';
import { buttonClasses } from '@/components/ui/button';
import { cn } from '@/lib/cn';

export async function ContactCta({ className }: { className?: string }) {
  const t = await getTranslations('kb.contactCta');
  return (
    <aside
      aria-labelledby="kb-contact-cta"
      className={cn(
        'flex flex-col gap-4 rounded-xl bg-brand-50/70 px-5 py-5 sm:flex-row sm:items-center sm:justify-between sm:px-6',
        className,
      )}
    >
      <div className="flex items-start gap-3">
        <MessageCircleQuestion aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-brand-600" />
        <div>
          <h2 id="kb-contact-cta" className="font-semibold text-slate-900">
            {t('title')}
          </h2>
          <p className="text-sm text-slate-600">{t('body')}</p>
        </div>
      </div>
      <Link href={PORTAL_PATHS.contact} className={buttonClasses({ variant: 'secondary', className: 'shrink-0' })}>
        {t('link')}
      </Link>
    </aside>
  );
}
