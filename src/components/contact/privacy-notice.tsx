import { useTranslations } from 'next-intl';
import { ShieldCheck } from 'lucide-react';

/**
 * What the contact form collects and why, in plain words, with the link to the full privacy notice
 * (PRIVACY_NOTICE_URL). Shown right above the send button, so it is read before anything is sent.
 */
export function PrivacyNotice({ url }: { url: string }) {
  const t = useTranslations('rodo.contactNotice');
  return (
    <section
      aria-labelledby="privacy-notice-title"
      className="border-t border-slate-200 px-5 py-4 text-sm text-slate-600 sm:px-8"
      data-testid="privacy-notice"
    >
      <h3 id="privacy-notice-title" className="flex items-center gap-2 font-semibold text-slate-800">
        <ShieldCheck aria-hidden="true" className="size-4 text-brand-600" />
        {t('title')}
      </h3>
      <p className="mt-1">{t('collected')}</p>
      <p className="mt-1">
        {t('purpose')}{' '}
        <a
          href={url}
          target="_blank"
          rel="noopener noreferrer"
          className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800"
        >
          {t('link')}
          <span className="sr-only"> {t('newTab')}</span>
        </a>
      </p>
    </section>
  );
}
