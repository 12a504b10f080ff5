'use client';

import { keepPreviousData } from '@tanstack/react-query';
import { useMemo, useState } from 'react';

import { cn } from '@cc/ui';

import { useDebouncedValue } from './use-debounced-value';

/**
 * Options for `useInfiniteQuery` over a cursor-paged list (domains, accounts): the next page starts
 * at the last one's cursor, and a new search keeps the old rows on screen until its first page lands.
 */
export const cursorPaging = {
  getNextPageParam: (page: { nextCursor: string | null }) => page.nextCursor,
  placeholderData: keepPreviousData,
};

/** The rows of every page loaded so far, one array (stable while the pages are). */
export function usePagedRows<T>(data: { pages: readonly { items: readonly T[] }[] } | undefined): T[] {
  return useMemo(() => data?.pages.flatMap((p) => p.items) ?? [], [data]);
}

/** What is typed in a list's search box, and the trimmed text to query once typing pauses. */
export function useListSearch() {
  const [text, setText] = useState('');
  const search = useDebouncedValue(text.trim(), 300);
  return { text, setText, search };
}

/** A list's search box, with "Loading…" while a new search's first page is on its way. */
export function ListSearch({
  value,
  onChange,
  label,
  placeholder,
  maxLength,
  loading,
  width,
  className,
}: {
  value: string;
  onChange: (text: string) => void;
  label: string;
  placeholder: string;
  maxLength: number;
  loading: boolean;
  /** The box's width class. */
  width: string;
  className?: string;
}) {
  return (
    <div className={cn('flex flex-wrap items-center gap-2', className)}>
      <input
        type="search"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        aria-label={label}
        maxLength={maxLength}
        className={cn(
          'rounded border border-input bg-card px-2.5 py-1.5 text-sm focus:border-primary focus:outline-none focus:ring-2 focus:ring-primary/20',
          width,
        )}
      />
      {loading && <span className="text-xs text-muted-foreground">Loading…</span>}
    </div>
  );
}
