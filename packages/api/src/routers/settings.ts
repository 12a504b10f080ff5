import { SETTINGS } from '@cc/settings';

import { actorOf } from '../context';
import { getClusterDefaults, updateClusterDefaults } from '../services/domains/cluster-defaults';
import { createTRPCRouter, procedure } from '../trpc';
import { ZClusterDefaults } from './domains.schema';

export const settingsRouter = createTRPCRouter({
  /** The typed definitions the forms are built from (no values). */
  definitions: procedure.query(() => SETTINGS),

  clusterDefaults: procedure.query(({ ctx }) => getClusterDefaults(ctx.db.prisma)),

  updateClusterDefaults: procedure
    .input(ZClusterDefaults)
    .mutation(({ ctx, input }) => updateClusterDefaults({ prisma: ctx.db.prisma, actor: actorOf(ctx) }, input)),
});
