'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/**
 * j / k move the selection through the visible rows (the table on desktop, the cards on a phone), Enter opens
 * the selected ticket, / focuses the search box. Keys typed into a field are left alone. Mounted with the
 * list's URL as its key, so a new page of results starts with nothing selected.
 */
export function QueueKeyboard() {
  const router = useRouter();
  useEffect(() => {
    let index = -1;
    const rows = () => [...document.querySelectorAll<HTMLElement>('[data-queue-row]')].filter((row) => row.offsetParent !== null);
    const select = (next: number) => {
      const list = rows();
      if (list.length === 0) return;
      index = Math.max(0, Math.min(list.length - 1, next));
      // aria-current, not aria-selected: the rows are table rows and list items, which have no selected state.
      list.forEach((row, i) => {
        if (i === index) {
          row.setAttribute('data-selected', '');
          row.setAttribute('aria-current', 'true');
        } else {
          row.removeAttribute('data-selected');
          row.removeAttribute('aria-current');
        }
      });
      list[index]?.scrollIntoView({ block: 'nearest' });
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      const typing = target?.closest('input, textarea, select, [contenteditable="true"]');
      if (typing) {
        if (event.key === 'Escape' && target) target.blur();
        return;
      }
      if (event.key === '/') {
        event.preventDefault();
        document.getElementById('queue-search')?.focus();
      } else if (event.key === 'j') {
        select(index + 1);
      } else if (event.key === 'k') {
        select(index - 1);
      } else if (event.key === 'Enter' && index >= 0 && !target?.closest('a, button')) {
        const href = rows()[index]?.dataset.href;
        if (href) router.push(href);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [router]);
  return null;
}
