'use client';

import type { MouseEvent } from 'react';

import { cn } from './cn';

/**
 * The first Tab stop of every page: hidden until focused, it moves focus to the main content so a
 * keyboard user skips the navigation. Focus is moved by hand as well, because the target must get
 * focus (not just scroll) for the next Tab to continue from there.
 */
export function SkipLink({ target = 'main', className }: { target?: string; className?: string }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    const el = document.getElementById(target);
    if (!el) return;
    e.preventDefault();
    el.focus();
    el.scrollIntoView();
  };
  return (
    <a
      href={`#${target}`}
      onClick={onClick}
      className={cn(
        'sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50 focus:rounded-md focus:bg-primary focus:px-4 focus:py-2 focus:text-sm focus:font-medium focus:text-primary-foreground focus:shadow-lg',
        className,
      )}
    >
      Skip to content
    </a>
  );
}
