'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';

import { CommandPalette, type CommandGroupItems } from '@cc/ui';

import { accountPath, domainPath } from '~/components/paths';
import { useDebouncedValue } from '~/components/use-debounced-value';
import { useTRPC } from '~/trpc/react';

import { rankPalette, type PaletteItem, type PaletteKind } from './palette-rank';

const HEADINGS: Record<PaletteKind, string> = {
  page: 'Pages',
  action: 'Actions',
  node: 'Nodes',
  domain: 'Domains',
  account: 'Accounts',
};

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The console's keyboard layer: Ctrl/⌘-K opens the command palette anywhere; `/` (when not typing)
 * focuses the page's search field, or opens the palette on pages without one. `pages` are the places
 * the user's role may open (actions included only if it may act); names come from search.palette,
 * which applies the same role and the user's domains on the server.
 */
export function ConsolePalette({ pages }: { pages: PaletteItem[] }) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const router = useRouter();
  const trpc = useTRPC();
  const q = useDebouncedValue(query.trim(), 150);
  const hits = useQuery(
    trpc.search.palette.queryOptions({ q }, { enabled: open && q.length > 0, placeholderData: keepPreviousData }),
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() === 'k' && (e.ctrlKey || e.metaKey) && !e.altKey) {
        e.preventDefault();
        setOpen((o) => !o);
        return;
      }
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      e.preventDefault();
      const search = document.querySelector<HTMLInputElement>('main input[type="search"], main [data-page-search]');
      if (search) {
        search.focus();
        search.select?.();
      } else setOpen(true);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const groups = useMemo<CommandGroupItems[]>(() => {
    const data = q && hits.data ? hits.data : undefined;
    const entities: PaletteItem[] = [
      ...(data?.nodes ?? []).map((n) => ({
        kind: 'node' as const,
        label: n.name,
        href: `/nodes/${n.id}`,
        hint: n.role === 'FRONTEND' ? 'Frontend' : 'Backend',
      })),
      ...(data?.domains ?? []).map((d) => ({ kind: 'domain' as const, label: d.name, href: domainPath(d.name) })),
      ...(data?.accounts ?? []).map((a) => ({
        kind: 'account' as const,
        label: a.address,
        href: accountPath(a.domain, a.name),
      })),
    ];
    const ranked = rankPalette(query, [...pages, ...entities], 30);
    const go = (href: string) => () => {
      setOpen(false);
      setQuery('');
      router.push(href);
    };
    // Groups in the order of their best match, so an exact node name is above loosely matching pages.
    const kinds = [...new Set(ranked.map((i) => i.kind))];
    return kinds.map((kind) => ({
      heading: HEADINGS[kind],
      items: ranked
        .filter((i) => i.kind === kind)
        .map((i) => ({ id: `${kind}:${i.href}`, label: i.label, hint: i.hint, onSelect: go(i.href) })),
    }));
  }, [hits.data, pages, q, query, router]);

  const status = hits.isError
    ? `Names could not be searched: ${hits.error.message}`
    : q && hits.isFetching
      ? 'Searching names…'
      : undefined;

  return (
    <CommandPalette
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) setQuery('');
      }}
      query={query}
      onQueryChange={setQuery}
      groups={groups}
      status={status}
    />
  );
}
