import { ToastProvider } from '@/components/ui/toast';
import { ClientMessages } from '@/i18n/client-messages';

/** Confirmations outlive a move between tickets (a reply to a closed ticket lands on its follow-up). */
export default function TicketsLayout({ children }: { children: React.ReactNode }) {
  return (
    // The whole catalogue for this section's client components (the root layout sends only the error page's).
    <ClientMessages>
      <ToastProvider>{children}</ToastProvider>
    </ClientMessages>
  );
}
