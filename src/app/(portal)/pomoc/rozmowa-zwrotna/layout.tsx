import { ToastProvider } from '@/components/ui/toast';
import { ClientMessages } from '@/i18n/client-messages';

/** The move / cancel confirmations are toasts, as on the ticket pages. */
export default function CallbackLayout({ children }: { children: React.ReactNode }) {
  return (
    // The whole catalogue for this page's client components (the root layout sends only the error page's).
    <ClientMessages>
      <ToastProvider>{children}</ToastProvider>
    </ClientMessages>
  );
}
