import type { NodeStatus } from '@cc/node-api';
import type { PrismaClient } from '@cc/db';

import { AppError, errorMessage } from '../../errors';
import { writeAudit, type Actor } from '../audit/write-audit';
import { announceStatusChange } from '../collector/events';
import { statusColumns } from '../collector/poll-results';
import type { SecretBox } from '../secrets/secret-box';
import { listNodesByIds, type NodeRow } from './list-nodes';
import { clientForNode } from './node-client';

export interface ReadinessWarning {
  code: 'last-ready-backend' | 'concurrent-drain' | 'not-reachable';
  message: string;
  /** Proceeding needs an explicit override with a reason (recorded in the audit log). */
  needsOverride: boolean;
}

/**
 * What Make Ready / Make Non-Ready would do to these nodes: the sessions and accounts on them, and
 * the cluster rules at stake. The confirmation dialog shows this; setReadiness enforces it.
 */
export async function readinessPreview(prisma: PrismaClient, ids: string[], ready: boolean) {
  const { items: all } = await listNodesByIds(prisma, null);
  const chosen = all.filter((n) => ids.includes(n.id));
  if (chosen.length !== new Set(ids).size) throw new AppError('NOT_FOUND', 'One or more nodes do not exist.');
  const warnings: ReadinessWarning[] = [];
  const unreachable = chosen.filter((n) => n.state === 'down' || n.state === 'unknown');
  if (unreachable.length) {
    warnings.push({
      code: 'not-reachable',
      message: `${names(unreachable)} ${unreachable.length === 1 ? 'is' : 'are'} not answering; the change will fail there.`,
      needsOverride: false,
    });
  }
  if (!ready) {
    const withdrawn = chosen.filter((n) => n.state === 'ready');
    const backendsLeft = all.filter((n) => n.role === 'BACKEND' && n.state === 'ready' && !ids.includes(n.id));
    if (withdrawn.some((n) => n.role === 'BACKEND') && backendsLeft.length === 0) {
      warnings.push({
        code: 'last-ready-backend',
        message: 'No Ready backend would be left: new sessions could only go to a Non-Ready node.',
        needsOverride: true,
      });
    }
    const draining = all.filter((n) => n.state === 'draining' && !ids.includes(n.id));
    const newDrains = withdrawn.filter((n) => n.role === 'BACKEND');
    if (newDrains.length > 0 && draining.length + newDrains.length > 1) {
      const who = draining.length
        ? `${names(draining)} ${draining.length === 1 ? 'is' : 'are'} still draining`
        : 'several backends would drain at once';
      warnings.push({
        code: 'concurrent-drain',
        message: `${who}: withdraw one backend at a time.`,
        needsOverride: true,
      });
    }
  }
  return {
    ready,
    nodes: chosen.map((n) => ({
      id: n.id,
      name: n.name,
      role: n.role,
      state: n.state,
      sessions: n.sessions.total,
      accountsOpen: n.accountsOpen,
    })),
    sessions: chosen.reduce((s, n) => s + n.sessions.total, 0),
    accountsOpen: chosen.reduce((s, n) => s + n.accountsOpen, 0),
    warnings,
    needsOverride: warnings.some((w) => w.needsOverride),
  };
}

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
  const targets = await deps.prisma.node.findMany({
    where: { id: { in: input.ids } },
    select: { id: true, name: true, adminUrl: true, tokenEnc: true, tlsFingerprint: true },
  });
  const context = {
    reason: input.reason?.trim() || undefined,
    override: preview.needsOverride ? preview.warnings.map((w) => w.code) : undefined,
    drainDeadlineMinutes: input.drainDeadlineMinutes,
  };
  const auditFor = (node: { id: string; name: string }) => ({
    action: input.ready ? 'node.make-ready' : 'node.make-non-ready',
    targetType: 'node',
    targetId: node.id,
    targetName: node.name,
    before: { state: preview.nodes.find((n) => n.id === node.id)?.state ?? null },
  });
  // Fail closed: every node's change is on record before any node is touched.
  for (const node of targets) {
    await writeAudit(deps.prisma, deps.actor, { ...auditFor(node), after: context, outcome: 'STARTED' });
  }
  const results = await Promise.all(
    targets.map(async (node) => {
      const audit = auditFor(node);
      try {
        const client = clientForNode(node, deps.secrets, deps.timeoutMs ?? 3000);
        const status = await client.setReadiness(input.ready);
        const deadline =
          !input.ready && input.drainDeadlineMinutes
            ? new Date(Date.now() + input.drainDeadlineMinutes * 60_000)
            : null;
        await deps.prisma.$transaction(async (tx) => {
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
          await writeAudit(tx, deps.actor, {
            ...audit,
            after: { readiness: status.readiness, drain: status.drain, ...context, nodeResponse: summary(status) },
            outcome: 'SUCCESS',
          });
        });
        return { id: node.id, name: node.name, ok: true as const, readiness: status.readiness };
      } catch (e) {
        const error = errorMessage(e);
        await writeAudit(deps.prisma, deps.actor, { ...audit, after: context, outcome: 'FAILURE', error });
        return { id: node.id, name: node.name, ok: false as const, error };
      }
    }),
  );
  announceStatusChange();
  return { results, failed: results.filter((r) => !r.ok).length };
}

/** Ends every session on the node now (the operator's answer to a passed drain deadline). */
export async function endNodeSessions(deps: Deps, id: string) {
  const node = await deps.prisma.node.findUnique({
    where: { id },
    select: { id: true, name: true, adminUrl: true, tokenEnc: true, tlsFingerprint: true },
  });
  if (!node) throw new AppError('NOT_FOUND', 'No such node.');
  const audit = { action: 'node.end-sessions', targetType: 'node', targetId: id, targetName: node.name };
  await writeAudit(deps.prisma, deps.actor, { ...audit, outcome: 'STARTED' });
  try {
    const client = clientForNode(node, deps.secrets, deps.timeoutMs ?? 3000);
    const { ended } = await client.endSessions();
    await writeAudit(deps.prisma, deps.actor, { ...audit, after: { ended }, outcome: 'SUCCESS' });
    return { ended };
  } catch (e) {
    const error = errorMessage(e);
    await writeAudit(deps.prisma, deps.actor, { ...audit, outcome: 'FAILURE', error });
    throw new AppError('UNAVAILABLE', `${node.name}: ${error}`);
  }
}

function summary(s: NodeStatus) {
  return {
    readiness: s.readiness,
    drain: s.drain,
    listeners: s.listeners.map((l) => `${l.protocol}:${l.port}:${l.open ? 'open' : 'closed'}`),
  };
}

function names(nodes: NodeRow[]): string {
  return nodes.map((n) => n.name).join(', ');
}
