import { ClientMessages } from '@/i18n/client-messages';

/** The chat widget's client components get the whole catalogue (the root layout sends only the error page's). */
export default function ChatMessagesLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages>{children}</ClientMessages>;
}
