import { ZAcknowledge, ZFindingId, ZListFindings, ZSilence } from '@cc/schemas';

import { actorOf } from '../context';
import {
  acknowledgeFinding,
  getFinding,
  listFindings,
  silenceFinding,
  unsilenceFinding,
} from '../services/health/findings';
import { healthSettings, updateHealthSettings, ZUpdateHealthSettings } from '../services/health/settings';
import { createTRPCRouter, procedure } from '../trpc';

/** Cluster health findings (services/health): read by everyone in scope, acted on by operators. */
export const healthRouter = createTRPCRouter({
  findings: procedure.input(ZListFindings).query(({ ctx, input }) => listFindings(ctx.db.prisma, ctx.domains, input)),
  finding: procedure.input(ZFindingId).query(({ ctx, input }) => getFinding(ctx.db.prisma, ctx.domains, input.id)),
  acknowledge: procedure
    .input(ZAcknowledge)
    .mutation(({ ctx, input }) =>
      acknowledgeFinding({ prisma: ctx.db.prisma, actor: actorOf(ctx), scope: ctx.domains }, input),
    ),
  silence: procedure
    .input(ZSilence)
    .mutation(({ ctx, input }) =>
      silenceFinding({ prisma: ctx.db.prisma, actor: actorOf(ctx), scope: ctx.domains }, input),
    ),
  unsilence: procedure
    .input(ZFindingId)
    .mutation(({ ctx, input }) =>
      unsilenceFinding({ prisma: ctx.db.prisma, actor: actorOf(ctx), scope: ctx.domains }, input),
    ),
  settings: procedure.query(({ ctx }) => healthSettings(ctx.db.prisma)),
  updateSettings: procedure
    .input(ZUpdateHealthSettings)
    .mutation(({ ctx, input }) => updateHealthSettings(ctx.db.prisma, actorOf(ctx), input)),
});
