import {
  ZAcceptCertificateInput,
  ZHistoryInput,
  ZListNodesInput,
  ZNodeId,
  ZReadinessPreviewInput,
  ZRegisterNodeInput,
  ZSetReadinessInput,
  ZTestNodeInput,
} from '@cc/schemas';

import { actorOf } from '../context';
import { nextStatusChange } from '../services/collector/events';
import { nodeHistory } from '../services/history/query';
import { getNode } from '../services/nodes/list-nodes';
import { acceptNodeCertificate, nodeCertificate } from '../services/nodes/node-certificate';
import { endNodeSessions, readinessPreview, setReadiness } from '../services/nodes/readiness';
import { testNode } from '../services/nodes/probe-node';
import { registerNode, removeNode } from '../services/nodes/register-node';
import { readNodesPage, readOverview } from '../services/nodes/ssi-snapshot';
import { plainJson } from '../transformer';
import { createTRPCRouter, procedure } from '../trpc';

/** How often a watching browser gets a fresh page of the Single Service Image. */
const WATCH_INTERVAL_MS = 1000;

export const nodesRouter = createTRPCRouter({
  list: procedure.input(ZListNodesInput).query(({ ctx, input }) => readNodesPage(ctx.db, input)),

  /** Live page of nodes plus totals over SSE; each console process reads the shared database. */
  watch: procedure.input(ZListNodesInput).subscription(async function* ({ ctx, input, signal }) {
    while (!signal?.aborted) {
      const [page, overview] = await Promise.all([readNodesPage(ctx.db, input), readOverview(ctx.db)]);
      yield plainJson({ page, overview });
      // Other console processes' collectors write too: re-read at least every interval.
      await nextStatusChange(WATCH_INTERVAL_MS, signal);
    }
  }),

  get: procedure.input(ZNodeId).query(({ ctx, input }) => getNode(ctx.db.prisma, input.id)),

  history: procedure.input(ZHistoryInput).query(({ ctx, input }) => nodeHistory(ctx.db, input.id, input.minutes)),

  test: procedure.input(ZTestNodeInput).mutation(async ({ ctx, input }) => {
    const result = await testNode({ prisma: ctx.db.prisma, actor: actorOf(ctx) }, input);
    return { ok: true as const, ...result };
  }),

  /** The pinned fingerprint and the one the node presents now (the console connects to the node). */
  certificate: procedure.input(ZNodeId).query(({ ctx, input }) => nodeCertificate(ctx.db.prisma, input.id)),

  /** Pins the certificate the node presents now, after an administrator compared it (audited). */
  acceptCertificate: procedure
    .input(ZAcceptCertificateInput)
    .mutation(({ ctx, input }) => acceptNodeCertificate({ prisma: ctx.db.prisma, actor: actorOf(ctx) }, input)),

  register: procedure
    .input(ZRegisterNodeInput)
    .mutation(({ ctx, input }) =>
      registerNode({ prisma: ctx.db.prisma, secrets: ctx.secrets, actor: actorOf(ctx) }, input),
    ),

  readinessPreview: procedure
    .input(ZReadinessPreviewInput)
    .query(({ ctx, input }) => readinessPreview(ctx.db.prisma, input.ids, input.ready)),

  setReadiness: procedure
    .input(ZSetReadinessInput)
    .mutation(({ ctx, input }) =>
      setReadiness({ prisma: ctx.db.prisma, secrets: ctx.secrets, actor: actorOf(ctx) }, input),
    ),

  endSessions: procedure
    .input(ZNodeId)
    .mutation(({ ctx, input }) =>
      endNodeSessions({ prisma: ctx.db.prisma, secrets: ctx.secrets, actor: actorOf(ctx) }, input.id),
    ),

  remove: procedure
    .input(ZNodeId)
    .mutation(({ ctx, input }) => removeNode({ prisma: ctx.db.prisma, actor: actorOf(ctx) }, input.id)),
});
