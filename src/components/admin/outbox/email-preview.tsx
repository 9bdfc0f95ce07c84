import { getTranslations } from 'next-intl/server';
import { ShieldCheck } from 'lucide-react';

/**
 * The HTML part as the recipient's client would show it, inside an iframe with `sandbox=""` and `srcdoc`: no
 * scripts, no forms, no same-origin access to this admin page (a stored mail body is data, not trusted code),
 * and no navigation of the top page. Links inside cannot open either, which is fine for a preview.
 */
export async function EmailHtmlPreview({ html }: { html: string }) {
  const t = await getTranslations('adminOutbox.detail');
  return (
    <div>
      <iframe
        title={t('htmlFrameTitle')}
        sandbox=""
        srcDoc={html}
        referrerPolicy="no-referrer"
        data-testid="outbox-html-preview"
        className="h-[36rem] w-full rounded-lg border border-slate-200 bg-white"
      />
      <p className="mt-2 flex items-center gap-1.5 text-xs text-slate-500">
        <ShieldCheck aria-hidden="true" className="size-3.5 shrink-0" />
        {t('htmlNote')}
      </p>
    </div>
  );
}
