import { SETTINGS } from '@cc/settings';
import { ZClusterDefaults } from '@cc/schemas';

import { actorOf } from '../context';
import { getClusterDefaults, updateClusterDefaults } from '../services/domains/cluster-defaults';
import { clusterDrivers } from '../services/domains/node-drivers';
import { createTRPCRouter, procedure } from '../trpc';

export const settingsRouter = createTRPCRouter({
  /** The typed definitions the forms are built from (no values). */
  definitions: procedure.query(() => SETTINGS),

  /** The kinds of node in the cluster (simulated, dovecot, postfix): pages mark settings they do not enforce. */
  nodeDrivers: procedure.query(({ ctx }) => clusterDrivers(ctx.db.prisma)),

  clusterDefaults: procedure.query(({ ctx }) => getClusterDefaults(ctx.db.prisma)),

  updateClusterDefaults: procedure
    .input(ZClusterDefaults)
    .mutation(({ ctx, input }) => updateClusterDefaults({ prisma: ctx.db.prisma, actor: actorOf(ctx) }, input)),
});
