import { ToastProvider } from '@/components/ui/toast';
import { ClientMessages } from '@/i18n/client-messages';

/** The help centre's pages share one live region for confirmations ("Dziękujemy za odpowiedź!"). */
export default function KnowledgeBaseLayout({ children }: { children: React.ReactNode }) {
  return (
    // The whole catalogue for this section's client components (the root layout sends only the error page's).
    <ClientMessages>
      <ToastProvider>{children}</ToastProvider>
    </ClientMessages>
  );
}
