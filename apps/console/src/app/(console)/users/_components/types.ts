import type { inferRouterOutputs } from '@trpc/server';

import type { AppRouter } from '@cc/api';

// Type-only, derived from the router (same approach as components/api-types.ts).
export type UserRow = inferRouterOutputs<AppRouter>['users']['list'][number];
