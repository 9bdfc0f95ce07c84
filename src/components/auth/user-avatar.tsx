import { cn } from '@/lib/cn';

const SIZES = {
  sm: 'size-7 text-[11px]',
  md: 'size-8 text-xs',
  lg: 'size-10 text-sm',
} as const;

const TONES = {
  brand: 'bg-brand-100 text-brand-800',
  /** The signed-in person in a header, and a chat's customer or agent beside their name. */
  dark: 'bg-slate-900 text-white',
  agent: 'bg-brand-600 text-white',
  note: 'bg-amber-700 text-white',
  customer: 'bg-slate-200 text-slate-700',
  inactive: 'bg-slate-200 text-slate-500',
} as const;

export type UserAvatarTone = keyof typeof TONES;

/**
 * Initials in a circle: who is signed in, at a glance. Decorative; the name is always given as text too. Size,
 * colour and the white ring are variants (cn joins classes without resolving conflicts: tests/unit/class-conflicts).
 */
export function UserAvatar({
  name,
  size = 'md',
  tone = 'brand',
  ring = true,
  className,
}: {
  name: string;
  size?: keyof typeof SIZES;
  tone?: UserAvatarTone;
  ring?: boolean;
  className?: string;
}) {
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
        'flex shrink-0 items-center justify-center rounded-full font-semibold',
        SIZES[size],
        TONES[tone],
        ring && 'ring-2 ring-white',
        className,
      )}
    >
      {initials || '?'}
    </span>
  );
}
