import type { Metadata, Viewport } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { headers } from 'next/headers';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common.meta');
  // The request's id (src/server/http/lifecycle.ts), for the error page to quote: the same id is on every log line.
  const requestId = (await headers()).get('x-request-id');
  return {
    ...(requestId ? { other: { 'request-id': requestId } } : {}),
    title: { default: t('title'), template: t('titleTemplate') },
    description: t('description'),
    // The brand mark, served from public/.
    icons: {
      icon: [
        { url: '/favicon.ico', sizes: '16x16 32x32 48x48' },
        { url: '/icon.svg', type: 'image/svg+xml' },
      ],
      apple: '/apple-touch-icon.png',
    },
    manifest: '/manifest.webmanifest',
  };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#2545ea' };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  // No catalogue provider here: every section's layout, or a page, provides the messages of its client components
  // (src/i18n/client-messages.tsx), and error.tsx has its texts from src/i18n/error-page-texts.ts. A page whose client
  // components have no texts (the contact page for a guest until the form is used) loads no next-intl client code.
  return (
    <html lang={locale}>
      <body className="min-h-dvh font-sans">{children}</body>
    </html>
  );
}
