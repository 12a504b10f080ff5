import type { NodeStatus } from '@cc/node-api';
import type { PrismaClient } from '@cc/db';

import { AppError } from '../../errors';
import type { Actor } from '../audit/write-audit';
import { announceStatusChange } from '../collector/events';
import { statusColumns } from '../collector/poll-results';
import type { SecretBox } from '../secrets/secret-box';
import { fanOut, selectNodes } from './fan-out';
import { readinessPreview } from './readiness-preview';

export { readinessPreview, type ReadinessWarning } from './readiness-preview';

export interface SetReadinessInput {
  ids: string[];
  ready: boolean;
  /** Required when the preview says an override is needed. */
  reason?: string;
  /** Make Non-Ready only: when the remaining sessions may be ended. */
  drainDeadlineMinutes?: number;
}

interface Deps {
  prisma: PrismaClient;
  secrets: SecretBox;
  actor: Actor;
  timeoutMs?: number;
}

/**
 * Delegates Make Ready / Make Non-Ready to each node's admin API (idempotent there). The console
 * records what the node answered, never what it asked for, so a node that does not answer leaves
 * the console's view exactly as the node is.
 */
export async function setReadiness(deps: Deps, input: SetReadinessInput) {
  const preview = await readinessPreview(deps.prisma, input.ids, input.ready);
  if (preview.needsOverride && !input.reason?.trim()) {
    const message = preview.warnings
      .filter((w) => w.needsOverride)
      .map((w) => w.message)
      .join(' ');
    throw new AppError('CONFLICT', `${message} Give a reason to override.`, {
      reason: ['A reason is required to override.'],
    });
  }
  const context = {
    reason: input.reason?.trim() || undefined,
    override: preview.needsOverride ? preview.warnings.map((w) => w.code) : undefined,
    drainDeadlineMinutes: input.drainDeadlineMinutes,
  };
  const targets = await selectNodes(deps.prisma, { ids: input.ids });
  const answers = await fanOut(targets, (client) => client.setReadiness(input.ready), {
    prisma: deps.prisma,
    secrets: deps.secrets,
    timeoutMs: deps.timeoutMs ?? 3000,
    // The operator named these nodes: a node the console thinks Down is asked all the same.
    includeDown: true,
    idempotent: true,
    audit: {
      actor: deps.actor,
      entry: (node) => ({
        action: input.ready ? 'node.make-ready' : 'node.make-non-ready',
        targetType: 'node',
        targetId: node.id,
        targetName: node.name,
        before: { state: preview.nodes.find((n) => n.id === node.id)?.state ?? null },
      }),
      started: () => context,
      failure: () => context,
      success: (_node, status) => ({
        readiness: status.readiness,
        drain: status.drain,
        ...context,
        nodeResponse: summary(status),
      }),
      // The console records what the node answered, in the same transaction as its audit entry.
      commit: async (tx, node, status) => {
        const deadline =
          !input.ready && input.drainDeadlineMinutes
            ? new Date(Date.now() + input.drainDeadlineMinutes * 60_000)
            : null;
        await tx.node.update({
          where: { id: node.id },
          data: input.ready
            ? { drainRequestedAt: null, drainDeadline: null }
            : { drainRequestedAt: new Date(), drainDeadline: deadline },
        });
        // The node's whole answer, so load and readiness shown right after the change belong together.
        const fields = { ...statusColumns(status), lastSeenAt: new Date() };
        await tx.nodeStatus.updateMany({
          where: { nodeId: node.id, OR: [{ observedAt: null }, { observedAt: { lte: fields.observedAt } }] },
          data: fields,
        });
      },
    },
  });
  const results = answers.map((r) =>
    r.ok
      ? { id: r.node.id, name: r.node.name, ok: true as const, readiness: r.value.readiness }
      : { id: r.node.id, name: r.node.name, ok: false as const, error: r.reason.message, reason: r.reason },
  );
  announceStatusChange();
  return { results, failed: results.filter((r) => !r.ok).length };
}

/** Ends every session on the node now (the operator's answer to a passed drain deadline). */
export async function endNodeSessions(deps: Deps, id: string) {
  const targets = await selectNodes(deps.prisma, { ids: [id] });
  // Not retried: a second "end every session" could end sessions that began in between.
  const [answer] = await fanOut(targets, (client) => client.endSessions(), {
    prisma: deps.prisma,
    secrets: deps.secrets,
    timeoutMs: deps.timeoutMs ?? 3000,
    includeDown: true,
    audit: {
      actor: deps.actor,
      entry: (node) => ({ action: 'node.end-sessions', targetType: 'node', targetId: id, targetName: node.name }),
      success: (_node, { ended }) => ({ ended }),
    },
  });
  if (!answer?.ok) throw new AppError('UNAVAILABLE', `${targets[0]!.name}: ${answer?.reason.message}`);
  return { ended: answer.value.ended };
}

function summary(s: NodeStatus) {
  return {
    readiness: s.readiness,
    drain: s.drain,
    listeners: s.listeners.map((l) => `${l.protocol}:${l.port}:${l.open ? 'open' : 'closed'}`),
  };
}
