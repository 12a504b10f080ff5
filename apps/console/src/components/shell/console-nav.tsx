'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';

import { cn } from '@cc/ui';

import { isCurrent } from './pages';

export interface NavItem {
  href: string;
  label: string;
}

const link =
  'rounded-md px-2 py-1.5 text-muted-foreground hover:bg-accent hover:text-accent-foreground aria-[current=page]:font-medium aria-[current=page]:text-foreground';

/**
 * The main navigation: a row from 1024 px, a menu button below (the row would not fit beside the
 * user's name and the theme menu at 768 px). The menu closes on navigation and on Escape.
 */
export function ConsoleNav({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [shownFor, setShownFor] = useState(pathname);
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  if (items.length === 0) return null;
  return (
    <>
      <button
        type="button"
        className="rounded-md border border-border px-2.5 py-1.5 text-sm lg:hidden"
        aria-expanded={open}
        aria-controls="console-nav"
        onClick={() => setOpen((o) => !o)}
      >
        Menu
      </button>
      <nav
        id="console-nav"
        aria-label="Main"
        className={cn(
          'text-sm lg:static lg:flex lg:flex-row lg:gap-1 lg:border-0 lg:bg-transparent lg:p-0 lg:shadow-none',
          open
            ? 'absolute inset-x-0 top-full z-40 flex flex-col gap-1 border-b border-border bg-card p-3 shadow-md'
            : 'hidden',
        )}
      >
        {items.map((item) => (
          <Link
            key={item.href}
            href={item.href}
            className={link}
            aria-current={isCurrent(item.href, pathname) ? 'page' : undefined}
          >
            {item.label}
          </Link>
        ))}
      </nav>
    </>
  );
}
