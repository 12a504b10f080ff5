import { REQUIRED_PORTS } from '@cc/ports';

import { actorOf } from '../context';
import { lastPortCheck, runPortCheck } from '../services/ports/run-port-check';
import { createTRPCRouter, procedure } from '../trpc';

export const portsRouter = createTRPCRouter({
  /** The checklist as data: what a firewall team must open, for whom and why. */
  required: procedure.query(() => REQUIRED_PORTS),

  lastRun: procedure.query(({ ctx }) => lastPortCheck(ctx.db.prisma)),

  /** Probes the live cluster now; every run is kept and audited. */
  run: procedure.mutation(({ ctx }) =>
    runPortCheck({ prisma: ctx.db.prisma, secrets: ctx.secrets, actor: actorOf(ctx) }),
  ),
});
