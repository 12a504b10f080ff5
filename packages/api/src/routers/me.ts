import { ROLE_LABELS, scopesOf } from '@cc/permissions';

import { createTRPCRouter, procedure } from '../trpc';

export const meRouter = createTRPCRouter({
  get: procedure.query(({ ctx }) => ({
    ...ctx.user,
    roleLabel: ROLE_LABELS[ctx.user.role],
    scopes: [...scopesOf(ctx.user.role)],
  })),
});
