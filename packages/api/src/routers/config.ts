import { can } from '@cc/permissions';
import { ZConfigStatus } from '@cc/schemas';

import { propagationStatus } from '../services/propagation/status';
import { createTRPCRouter, procedure } from '../trpc';

export const configRouter = createTRPCRouter({
  /** Applied on N of M nodes, overall, for recent changes and for one revision; node names for node readers only. */
  status: procedure.input(ZConfigStatus).query(({ ctx, input }) =>
    propagationStatus(ctx.db, {
      scope: ctx.domains,
      showNodes: can(ctx.user.role, 'cluster:read'),
      limit: input.limit,
      revision: input.revision,
    }),
  ),
});
