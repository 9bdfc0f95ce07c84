import { getTranslations } from 'next-intl/server';
import { Alert } from '@/components/ui/alert';

/** Without SMTP_URL nothing leaves the machine: say so before an admin wonders why a customer got nothing. */
export async function CaptureBanner({ captureDir }: { captureDir: string }) {
  const t = await getTranslations('adminOutbox.captureBanner');
  return (
    <Alert tone="info" title={t('title')} data-testid="capture-banner">
      {t('body', { dir: captureDir })}
    </Alert>
  );
}
