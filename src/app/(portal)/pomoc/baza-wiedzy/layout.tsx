import { ToastProvider } from '@/components/ui/toast';

/** The help centre's pages share one live region for confirmations ("Dziękujemy za odpowiedź!"). */
export default function KnowledgeBaseLayout({ children }: { children: React.ReactNode }) {
  return <ToastProvider>{children}</ToastProvider>;
}
