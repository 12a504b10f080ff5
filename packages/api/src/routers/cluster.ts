import { z } from 'zod';

import { clusterHistory, MAX_HISTORY_MINUTES } from '../services/history/query';
import { clusterTimeline } from '../services/history/timeline';
import { readOverview } from '../services/nodes/ssi-snapshot';
import { sizingBaseline } from '../services/sizing/baseline';
import { createTRPCRouter, procedure } from '../trpc';

const ZClusterHistory = z.object({
  minutes: z.number().int().min(1).max(MAX_HISTORY_MINUTES, 'At most 7 days.').default(15),
});
const ZTimeline = z.object({
  hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(24),
  limit: z.number().int().min(1).max(200).default(50),
});

export const clusterRouter = createTRPCRouter({
  overview: procedure.query(({ ctx }) => readOverview(ctx.db)),
  /** What the sizing planner starts from: accounts, nodes, sessions by protocol and storage, live. */
  sizingBaseline: procedure.query(({ ctx }) => sizingBaseline(ctx.db.prisma)),
  /** Cluster-wide load over time: sessions and accounts summed, CPU and memory as a spread across nodes. */
  history: procedure.input(ZClusterHistory).query(({ ctx, input }) => clusterHistory(ctx.db.sql, input.minutes)),
  /** Recent cluster events for the home dashboard, newest first. */
  timeline: procedure
    .input(ZTimeline)
    .query(({ ctx, input }) => clusterTimeline(ctx.db.prisma, input.hours, input.limit)),
});
