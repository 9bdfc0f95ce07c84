import { cn } from '@/lib/cn';

/** Initials in a circle: who is signed in, at a glance. Decorative; the name is always given as text too. */
export function UserAvatar({ name, className }: { name: string; className?: string }) {
  const initials = name
    .split(/[\s@._-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toLocaleUpperCase('pl'))
    .join('');
  return (
    <span
      aria-hidden="true"
      className={cn(
        'flex size-8 shrink-0 items-center justify-center rounded-full bg-brand-100 text-xs font-semibold text-brand-800 ring-2 ring-white',
        className,
      )}
    >
      {initials || '?'}
    </span>
  );
}
