import { ClientMessages } from '@/i18n/client-messages';

/** The demo panel's client components get the whole catalogue (the root layout sends only the error page's). */
export default function DemoMessagesLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages>{children}</ClientMessages>;
}
