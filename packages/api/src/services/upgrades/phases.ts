// One node's way through a rolling upgrade, a tick at a time: withdraw, drain, upgrade, wait for
// the health check at the target version, Make Ready, see it take new sessions. Each tick reads
// the node's own status first, so a worker that resumes after a crash continues from what the
// node really is, and every node action is safe to repeat.
import { UPGRADE_ERRORS } from '@cc/node-api';

import { errorMessage } from '../../errors';
import { endNodeSessions } from '../nodes/readiness';
import { rollBack } from './rollback';
import {
  callNode,
  enter,
  failStep,
  isStatus,
  makeReady,
  nodeAudit,
  openSessions,
  readStatus,
  seconds,
  stepAudit,
  type StepContext,
} from './step-context';
import { NodeProblem, UpgradeStop } from './stops';
import type { StepPhase, TickOutcome } from './types';

export { DEFAULT_TIMEOUTS, failStep, type PhaseTimeouts, type StepContext } from './step-context';

export async function advanceStep(ctx: StepContext): Promise<TickOutcome> {
  const { step, run, now } = ctx;
  const phaseStart = step.phaseStartedAt?.getTime() ?? now;
  switch (step.phase as StepPhase) {
    case 'pending':
      return {
        step: enter('withdrawing', now, { startedAt: new Date(now) }),
        events: [
          {
            level: 'info',
            nodeName: step.nodeName,
            message: `Node ${step.position + 1} of ${run.steps.length}: ${step.nodeName} (${step.fromVersion ?? '?'} → ${run.targetVersion}).`,
          },
        ],
      };

    case 'withdrawing': {
      if (run.request === 'abort') return { step: enter('skipped', now, { finishedAt: new Date(now) }) };
      const problem = await makeReady(ctx, false);
      if (problem instanceof UpgradeStop) return failStep(ctx, problem.message);
      if (problem) {
        const st = await readStatus(ctx, ctx.timeouts.unreachableMs, phaseStart);
        return isStatus(st) ? {} : st;
      }
      const st = await readStatus(ctx, ctx.timeouts.unreachableMs, phaseStart);
      if (!isStatus(st)) return st;
      return {
        step: enter('draining', now, { withdrawnAt: new Date(now), sessionsAtStart: openSessions(st) }),
        events: [
          {
            level: 'info',
            nodeName: step.nodeName,
            message: `Withdrawn (Non-Ready) with ${openSessions(st)} open sessions.`,
          },
        ],
      };
    }

    case 'draining': {
      const st = await readStatus(ctx, ctx.timeouts.unreachableMs, phaseStart);
      if (!isStatus(st)) return st;
      if (run.request === 'abort') return putBack(ctx, 'The run was aborted before this node was upgraded');
      if (st.readiness === 'ready')
        return failStep(
          ctx,
          `${step.nodeName} was made Ready while it drained (not by this run); nothing was upgraded.`,
        );
      const open = openSessions(st);
      if (open === 0) {
        const took = now - (step.withdrawnAt?.getTime() ?? now);
        return {
          step: enter('upgrading', now, { drainedAt: new Date(now) }),
          events: [{ level: 'info', nodeName: step.nodeName, message: `Drained in ${seconds(took)}.` }],
        };
      }
      const overdue = now - phaseStart > run.drainDeadlineSeconds * 1000;
      if (!overdue) return {};
      if (run.deadlineAction === 'end-sessions') {
        try {
          const { ended } = await endNodeSessions(
            { prisma: ctx.prisma, secrets: ctx.secrets, actor: ctx.actor },
            step.nodeId,
          );
          return {
            step: { sessionsEnded: step.sessionsEnded + ended },
            events: [
              {
                level: 'warning',
                nodeName: step.nodeName,
                message: `Drain deadline (${run.drainDeadlineSeconds} s) passed: ended the remaining ${ended} session(s).`,
              },
            ],
          };
        } catch (e) {
          return {
            events: [
              { level: 'warning', nodeName: step.nodeName, message: `Could not end sessions: ${errorMessage(e)}` },
            ],
          };
        }
      }
      const key = `${step.id}:deadline-warned`;
      if (ctx.memo.has(key)) return {};
      ctx.memo.set(key, now);
      return {
        events: [
          {
            level: 'warning',
            nodeName: step.nodeName,
            message: `Drain deadline (${run.drainDeadlineSeconds} s) passed with ${open} session(s) open; waiting for them to end.`,
          },
        ],
      };
    }

    case 'upgrading':
      return upgrade(ctx, phaseStart);
    case 'checking':
      return check(ctx, phaseStart);

    case 'readying': {
      const problem = await makeReady(ctx, true);
      if (problem instanceof UpgradeStop) return failStep(ctx, problem.message);
      if (problem) {
        if (problem instanceof NodeProblem && problem.unhealthy) return failStep(ctx, problem.message);
        const st = await readStatus(ctx, ctx.timeouts.unreachableMs, phaseStart);
        return isStatus(st) ? {} : st;
      }
      return { step: enter('verifying', now, { readyAt: new Date(now) }) };
    }

    case 'verifying':
      return verify(ctx, phaseStart);

    case 'rolling-back':
      return rollBack(ctx, phaseStart);

    default:
      return {};
  }
}

async function upgrade(ctx: StepContext, phaseStart: number): Promise<TickOutcome> {
  const { step, run, now } = ctx;
  const st = await readStatus(ctx, ctx.timeouts.restartMs, phaseStart);
  if (!isStatus(st)) return st;
  const u = st.upgrade;
  // Resuming: the node may already be on its way or there.
  if (u && u.target === run.targetVersion && (u.state === 'upgrading' || u.version === run.targetVersion))
    return { step: enter('checking', now) };
  if (openSessions(st) > 0 || st.readiness === 'ready') return { step: enter('draining', now) };
  const from = { from: u?.version ?? step.fromVersion };
  const r = await callNode(
    ctx,
    (client) => client.upgrade(run.targetVersion),
    stepAudit(ctx, 'upgrade.node.upgrade', { started: from, success: from }),
  );
  if (r.ok)
    return {
      step: enter('checking', now),
      events: [{ level: 'info', nodeName: step.nodeName, message: `Restarting into ${run.targetVersion}.` }],
    };
  const why = r.reason;
  if (why.kind === 'refused' && why.status === 409 && why.code === UPGRADE_ERRORS.notDrained)
    return { step: enter('draining', now) };
  if (why.kind === 'refused' && (why.code === UPGRADE_ERRORS.inProgress || why.code === UPGRADE_ERRORS.sameVersion))
    return { step: enter('checking', now) };
  if (why.kind === 'refused' || why.kind === 'invalid')
    return failStep(ctx, `${step.nodeName} refused: ${why.message}`);
  return {}; // unreachable or timed out: try again within the restart allowance
}

async function check(ctx: StepContext, phaseStart: number): Promise<TickOutcome> {
  const { step, run, now } = ctx;
  const st = await readStatus(ctx, ctx.timeouts.restartMs, phaseStart);
  if (!isStatus(st)) return st;
  const u = st.upgrade;
  if (!u) return failStep(ctx, `${step.nodeName} does not report upgrade progress.`);
  if (u.state === 'failed') {
    await nodeAudit(ctx, 'upgrade.node.health', 'FAILURE', { version: u.version, error: u.error });
    return failStep(
      ctx,
      `${step.nodeName} failed its health check at ${u.version}: ${u.error ?? 'no reason given'}. It is Non-Ready; roll it back to ${step.fromVersion ?? 'its previous version'}.`,
    );
  }
  if (u.state === 'healthy' && u.version === run.targetVersion) {
    await nodeAudit(ctx, 'upgrade.node.health', 'SUCCESS', { version: u.version });
    // The node's own clock, request to healthy: a worker that took the run over late (a lease
    // hand-over) sees it healthy only then, and that wait is not the node's restart.
    const reported = u.startedAt && u.finishedAt ? Date.parse(u.finishedAt) - Date.parse(u.startedAt) : NaN;
    const restartMs = Number.isFinite(reported) && reported >= 0 ? Math.round(reported) : null;
    const took = restartMs ?? now - (step.drainedAt?.getTime() ?? phaseStart);
    return {
      step: enter('readying', now, { upgradedAt: new Date(now), restartMs }),
      events: [{ level: 'info', nodeName: step.nodeName, message: `Healthy at ${u.version} after ${seconds(took)}.` }],
    };
  }
  if (u.state !== 'upgrading' && u.version !== run.targetVersion && now - phaseStart > 5000)
    return failStep(ctx, `${step.nodeName} came back at ${u.version}, not ${run.targetVersion}.`);
  if (now - phaseStart > ctx.timeouts.restartMs)
    return failStep(
      ctx,
      `${step.nodeName} was not healthy at ${run.targetVersion} within ${seconds(ctx.timeouts.restartMs)}.`,
    );
  return {};
}

async function verify(ctx: StepContext, phaseStart: number): Promise<TickOutcome> {
  const { step, now } = ctx;
  const st = await readStatus(ctx, ctx.timeouts.unreachableMs, phaseStart);
  if (!isStatus(st)) return st;
  if (st.readiness !== 'ready')
    return failStep(
      ctx,
      `${step.nodeName} is ${st.readiness} right after Make Ready (someone or something withdrew it).`,
    );
  const key = `${step.id}:started`;
  const started = st.sessionCounters?.started ?? 0;
  const baseline = ctx.memo.get(key);
  if (baseline === undefined) ctx.memo.set(key, started);
  const took = now - (step.readyAt?.getTime() ?? phaseStart);
  const done = (message: string, level: 'info' | 'warning' = 'info'): TickOutcome => ({
    step: enter('done', now, { finishedAt: new Date(now) }),
    events: [{ level, nodeName: step.nodeName, message }],
  });
  if (baseline !== undefined && started > baseline) {
    await nodeAudit(ctx, 'upgrade.node.done', 'SUCCESS', { newSessions: started - baseline });
    return done(`Ready and taking new sessions (${started - baseline} in ${seconds(took)}).`);
  }
  if (now - phaseStart > ctx.timeouts.verifyMs) {
    await nodeAudit(ctx, 'upgrade.node.done', 'SUCCESS', { newSessions: 0 });
    return done(`Ready, but no new session arrived within ${seconds(ctx.timeouts.verifyMs)} (no traffic?).`, 'warning');
  }
  return {};
}

/** Abort before the upgrade: the node goes back to Ready at its old version. */
async function putBack(ctx: StepContext, why: string): Promise<TickOutcome> {
  const problem = await makeReady(ctx, true);
  if (problem) return failStep(ctx, `${why}, but making it Ready again failed: ${problem.message}`);
  return {
    step: { phase: 'skipped', phaseStartedAt: new Date(ctx.now), finishedAt: new Date(ctx.now), error: why },
    events: [
      { level: 'warning', nodeName: ctx.step.nodeName, message: `${why}: put back Ready at ${ctx.step.fromVersion}.` },
    ],
  };
}
