'use client';

import { hashKey, QueryClient, QueryClientProvider, type QueryKey } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { useState, type ReactNode } from 'react';
import superjson from 'superjson';

import type { AppRouter } from '@cc/api';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/**
 * Inputs may hold bigints (configuration revision ids travel as bigint through superjson); the default
 * key hash is JSON.stringify, which throws on them. Same hash otherwise.
 */
function hashQueryKey(key: QueryKey): string {
  return hashKey(withoutBigints(key) as QueryKey);
}

function withoutBigints(value: unknown): unknown {
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (Array.isArray(value)) return value.map(withoutBigints);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutBigints(v)]));
  }
  return value;
}

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        queryKeyHashFn: hashQueryKey,
        // 401/403/404 will not change by asking again.
        retry: (count, error) => {
          const status = (error as { data?: { httpStatus?: number } }).data?.httpStatus ?? 500;
          return status >= 500 && count < 2;
        },
      },
    },
  });
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: httpSubscriptionLink({ url: '/api/trpc', transformer: superjson }),
          // Below the server's cap of 20 calls per request (MAX_BATCH_CALLS in @cc/api).
          false: httpBatchLink({ url: '/api/trpc', transformer: superjson, maxItems: 10 }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
