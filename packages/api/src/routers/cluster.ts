import { clusterOverview } from '../services/nodes/cluster-overview';
import { createTRPCRouter, procedure } from '../trpc';

export const clusterRouter = createTRPCRouter({
  overview: procedure.query(({ ctx }) => clusterOverview(ctx.db.prisma)),
});
