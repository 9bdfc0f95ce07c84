import { LogOut } from 'lucide-react';
import { buttonClasses } from '@/components/ui/button';
import { cn } from '@/lib/cn';

/** "Wyloguj" as a form post to the sign-out action, so it works without JavaScript. */
export function SignOutButton({
  action,
  label,
  audience = 'customer',
  className,
  labelClassName,
}: {
  /** The sign-out server action (src/app/(portal)/pomoc/logowanie/actions.ts). */
  action: (form: FormData) => Promise<void>;
  label: string;
  audience?: 'customer' | 'staff';
  className?: string;
  labelClassName?: string;
}) {
  return (
    <form action={action}>
      <input type="hidden" name="audience" value={audience} />
      <button type="submit" className={cn(buttonClasses({ variant: 'ghost', size: 'compact' }), className)}>
        <LogOut aria-hidden="true" />
        <span className={labelClassName}>{label}</span>
      </button>
    </form>
  );
}
