import { ZPreflightInput, ZRunId, ZStartUpgradeInput } from '@cc/schemas';

import { actorOf } from '../context';
import { preflight } from '../services/upgrades/preflight';
import { activeRun, getRun, listRuns, releasesForCluster } from '../services/upgrades/read';
import { requestRun, startRun, type RunRequest } from '../services/upgrades/runs';
import { createTRPCRouter, procedure } from '../trpc';

const control = (request: RunRequest) =>
  procedure
    .input(ZRunId)
    .mutation(({ ctx, input }) => requestRun({ prisma: ctx.db.prisma, actor: actorOf(ctx) }, input.id, request));

export const upgradesRouter = createTRPCRouter({
  /** The catalog, newest first, with how many nodes each version would touch and what blocks it. */
  releases: procedure.query(({ ctx }) => releasesForCluster(ctx.db.prisma)),
  preflight: procedure
    .input(ZPreflightInput)
    .query(({ ctx, input }) => preflight(ctx.db.prisma, input.targetVersion, input.drainDeadlineSeconds)),
  list: procedure.query(({ ctx }) => listRuns(ctx.db.prisma)),
  active: procedure.query(({ ctx }) => activeRun(ctx.db.prisma)),
  get: procedure.input(ZRunId).query(({ ctx, input }) => getRun(ctx.db.prisma, input.id)),
  start: procedure
    .input(ZStartUpgradeInput)
    .mutation(({ ctx, input }) => startRun({ prisma: ctx.db.prisma, actor: actorOf(ctx) }, input)),
  pause: control('pause'),
  resume: control('resume'),
  abort: control('abort'),
  rollback: control('rollback'),
});
