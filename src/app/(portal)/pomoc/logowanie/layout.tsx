import { ClientMessages } from '@/i18n/client-messages';

/** The sign-in pages' client components get the whole catalogue (the root layout sends only the error page's). */
export default function SignInMessagesLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages>{children}</ClientMessages>;
}
