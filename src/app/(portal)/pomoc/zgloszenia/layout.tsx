import { ToastProvider } from '@/components/ui/toast';

/** Confirmations outlive a move between tickets (a reply to a closed ticket lands on its follow-up). */
export default function TicketsLayout({ children }: { children: React.ReactNode }) {
  return <ToastProvider>{children}</ToastProvider>;
}
