'use client';

import { useQueryClient, type QueryFilters } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';

import { setFlash, type Flash } from './flash';

/**
 * After a rename or delete the page's object no longer answers at its address. Its queries are
 * marked stale, not refetched (they would 404, and this page is about to leave); the lists that
 * showed it are refetched; then the browser goes to `flash.path`, which shows the message.
 */
export function useLeavePage() {
  const queryClient = useQueryClient();
  const router = useRouter();
  return async ({
    gone,
    refresh,
    replace = false,
    ...flash
  }: Flash & {
    /** Queries of what was renamed or deleted. */
    gone: QueryFilters[];
    /** Queries that list it. */
    refresh: QueryFilters[];
    /** A rename replaces the history entry: going back would reach the old, dead address. */
    replace?: boolean;
  }) => {
    for (const filter of gone) await queryClient.invalidateQueries({ ...filter, refetchType: 'none' });
    for (const filter of refresh) await queryClient.invalidateQueries(filter);
    setFlash(flash);
    if (replace) router.replace(flash.path);
    else router.push(flash.path);
  };
}
