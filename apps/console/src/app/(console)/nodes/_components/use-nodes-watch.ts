'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

import type { NodeRole } from '~/components/api-types';
import { useTRPC } from '~/trpc/react';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'error';

export interface WatchInput {
  page: number;
  pageSize: number;
  search?: string;
  role?: NodeRole;
}

/**
 * Streams `nodes.watch` into the query cache under the same keys `nodes.list` and `cluster.overview`
 * use, so the page reads one source whether data came from a fetch or the stream.
 *
 * Own effect rather than `useSubscription`: each subscription writes only to the key of the input it
 * was opened with, so a message arriving just after a filter change can't land on the new filter.
 */
export function useNodesWatch({ page, pageSize, search, role }: WatchInput): LiveStatus {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    const input = { page, pageSize, search, role };
    const listKey = trpc.nodes.list.queryKey(input);
    const overviewKey = trpc.cluster.overview.queryKey();
    const subscription = trpc.nodes.watch.subscriptionOptions(input).subscribe({
      onStarted: () => setStatus('live'),
      onData: (data) => {
        // A snapshot read before a change can arrive after the refetch that followed it: keep the newer.
        queryClient.setQueryData(listKey, (prev) => newer(prev, data.page));
        queryClient.setQueryData(overviewKey, (prev) => newer(prev, data.overview));
        setStatus('live');
      },
      onError: () => setStatus('error'),
      onConnectionStateChange: (state) => {
        if (state.state === 'connecting') setStatus(state.error ? 'reconnecting' : 'connecting');
      },
    });
    return () => subscription.unsubscribe();
  }, [trpc, queryClient, page, pageSize, search, role]);

  return status;
}

function newer<T extends { readAt: number }>(prev: T | undefined, next: T): T {
  return prev && prev.readAt > next.readAt ? prev : next;
}
