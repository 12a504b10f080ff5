// What every phase of a node's upgrade works with: its context, the node's status read with an
// allowance for silence, Make Ready / Non-Ready through the audited readiness service, audit entries.
import type { NodeClient, NodeStatus } from '@cc/node-api';
import type { PrismaClient, UpgradeStepModel as UpgradeStep } from '@cc/db';

import { AppError, errorMessage } from '../../errors';
import { writeAudit, type Actor } from '../audit/write-audit';
import { fanOut, type FanOutTarget, type NodeAudit, type NodeResult } from '../nodes/fan-out';
import { setReadiness } from '../nodes/readiness';
import type { SecretBox } from '../secrets/secret-box';
import { NodeProblem, UpgradeStop, type UpgradeProblem } from './stops';
import type { RunWithSteps, StepPhase, TickOutcome } from './types';

export interface PhaseTimeouts {
  /** A node that does not answer for this long (outside its restart) fails the step. */
  unreachableMs: number;
  /** From the upgrade request until the node reports healthy at the target version. */
  restartMs: number;
  /** How long to wait for the first new session after Make Ready before passing with a warning. */
  verifyMs: number;
}

/** One request to the node, and one attempt of a call. */
const NODE_CALL_MS = 3000;

export const DEFAULT_TIMEOUTS: PhaseTimeouts = { unreachableMs: 60_000, restartMs: 120_000, verifyMs: 30_000 };

export interface StepContext {
  prisma: PrismaClient;
  secrets: SecretBox;
  /** The worker acting for the operator who started the run. */
  actor: Actor;
  run: RunWithSteps;
  step: UpgradeStep;
  /** The step's node, as selected for this tick. */
  node: FanOutTarget;
  now: number;
  timeouts: PhaseTimeouts;
  /** Per-process notes (first unreachable time, verification baseline); lost on a crash, harmlessly. */
  memo: Map<string, number>;
}

export const openSessions = (s: NodeStatus) => {
  const { imap, pop, smtp, http } = s.load.sessions;
  return imap + pop + smtp + http;
};
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function enter(phase: StepPhase, now: number, extra: TickOutcome['step'] = {}): TickOutcome['step'] {
  return { phase, phaseStartedAt: new Date(now), error: null, ...extra };
}

/** Stops the run on this node, leaving it as it is (the message says how that is). */
export function failStep(ctx: StepContext, why: string): TickOutcome {
  const { step, run } = ctx;
  return {
    step: { phase: 'failed', phaseStartedAt: new Date(ctx.now), error: why },
    run: {
      state: 'failed',
      request: null,
      message: `Stopped at ${step.nodeName} (node ${step.position + 1} of ${run.steps.length}): ${why}`,
    },
    events: [{ level: 'error', nodeName: step.nodeName, message: why }],
  };
}

/** Reads the node; undefined while it is unreachable within its allowance, a failure after it. */
export async function readStatus(
  ctx: StepContext,
  allowanceMs: number,
  since: number,
): Promise<NodeStatus | TickOutcome> {
  const key = `${ctx.step.id}:unreachable`;
  // Not retried here: the next tick asks again, and the allowance below counts the silence.
  const r = await callNode(ctx, (client) => client.status());
  if (r.ok) {
    ctx.memo.delete(key);
    return r.value;
  }
  const first = ctx.memo.get(key) ?? ctx.now;
  ctx.memo.set(key, first);
  const start = Math.max(first, since);
  if (ctx.now - start < allowanceMs) return {};
  return failStep(ctx, `${ctx.step.nodeName} has not answered for ${seconds(ctx.now - start)}: ${r.reason.message}`);
}

/** One call to the step's node through the fan-out module, with its audit trail when given. */
export async function callNode<T>(
  ctx: StepContext,
  call: (client: NodeClient) => Promise<T>,
  audit?: NodeAudit<T>,
): Promise<NodeResult<T>> {
  const [r] = await fanOut([ctx.node], call, {
    prisma: ctx.prisma,
    secrets: ctx.secrets,
    timeoutMs: NODE_CALL_MS,
    // The run acts on its node whatever the console's last verdict: it may be mid-restart.
    includeDown: true,
    ...(audit && { audit }),
  });
  return r!;
}

/** The audit trail of one node action of the run (upgrade, rollback), for callNode. */
export function stepAudit<T>(
  ctx: StepContext,
  action: string,
  more: { started?: object; success?: object; recordSuccess?: boolean },
): NodeAudit<T> {
  const after = (extra: object = {}) => ({ run: ctx.run.id, targetVersion: ctx.run.targetVersion, ...extra });
  return {
    actor: ctx.actor,
    entry: () => ({ action, targetType: 'node', targetId: ctx.step.nodeId, targetName: ctx.step.nodeName }),
    started: () => after(more.started),
    success: () => after(more.success),
    failure: (_node, reason) => after({ error: reason.message }),
    ...(more.recordSuccess === false && { recordSuccess: false }),
  };
}

export const isStatus = (x: NodeStatus | TickOutcome): x is NodeStatus => 'readiness' in x;

/** Make Ready / Non-Ready through the audited readiness service: null when done, else what stood in the way. */
export async function makeReady(ctx: StepContext, ready: boolean): Promise<UpgradeProblem | null> {
  try {
    const { results } = await setReadiness(
      { prisma: ctx.prisma, secrets: ctx.secrets, actor: ctx.actor },
      {
        ids: [ctx.step.nodeId],
        ready,
        ...(ready ? {} : { drainDeadlineMinutes: Math.max(1, Math.ceil(ctx.run.drainDeadlineSeconds / 60)) }),
      },
    );
    const r = results[0];
    return r && !r.ok ? new NodeProblem(r.reason) : null;
  } catch (e) {
    // CONFLICT: the cluster rules want an operator's override; a run never overrides on its own.
    if (e instanceof AppError && e.code !== 'UNAVAILABLE') {
      const code = e.code === 'CONFLICT' ? 'needs-override' : e.code === 'NOT_FOUND' ? 'node-missing' : 'refused';
      return new UpgradeStop(code, e.message);
    }
    return new NodeProblem({ kind: 'error', message: errorMessage(e) });
  }
}

export async function nodeAudit(
  ctx: StepContext,
  action: string,
  outcome: 'STARTED' | 'SUCCESS' | 'FAILURE',
  more = {},
) {
  await writeAudit(ctx.prisma, ctx.actor, {
    action,
    targetType: 'node',
    targetId: ctx.step.nodeId,
    targetName: ctx.step.nodeName,
    after: { run: ctx.run.id, targetVersion: ctx.run.targetVersion, ...more },
    outcome,
  });
}
