import { Search } from 'lucide-react';
import { Input } from '@/components/ui/input';
import { cn } from '@/lib/cn';

/**
 * The text box of a plain GET search form (`?q=…`, works without JavaScript): a label for screen readers and a
 * magnifier in the box. The form around it and its button are the caller's.
 */
export function SearchField({
  id,
  label,
  placeholder,
  defaultValue,
  maxLength,
  className,
}: {
  id: string;
  label: string;
  placeholder: string;
  defaultValue: string;
  maxLength: number;
  className?: string;
}) {
  return (
    <>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <div className={cn('relative flex-1', className)}>
        <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-400" />
        <Input
          id={id}
          name="q"
          type="search"
          defaultValue={defaultValue}
          maxLength={maxLength}
          placeholder={placeholder}
          className="pl-9"
        />
      </div>
    </>
  );
}
