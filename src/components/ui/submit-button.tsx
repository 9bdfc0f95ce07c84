import type { ReactNode } from 'react';
import { LoaderCircle } from 'lucide-react';
import { Button, type ButtonProps } from './button';

/** A form's submit button: disabled while its action runs, with a spinner in place of its icon. */
export function SubmitButton({
  pending,
  icon,
  disabled,
  children,
  ...props
}: Omit<ButtonProps, 'type'> & { pending: boolean; icon?: ReactNode }) {
  return (
    <Button type="submit" disabled={pending || disabled} {...props}>
      {pending ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : icon}
      {children}
    </Button>
  );
}
