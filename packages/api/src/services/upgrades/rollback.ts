// Rolling a node back to the version it ran before: withdraw and drain it again if it was Ready,
// restart it into its previous version, Make Ready. Status-driven like the forward phases.
import { UPGRADE_ERRORS } from '@cc/node-api';

import { endNodeSessions } from '../nodes/readiness';
import {
  callNode,
  isStatus,
  makeReady,
  nodeAudit,
  openSessions,
  readStatus,
  stepAudit,
  type StepContext,
} from './step-context';
import { UpgradeStop } from './stops';
import type { TickOutcome } from './types';

/** Back to the version it ran before: withdraw and drain again if it was Ready, restart, Make Ready. */
export async function rollBack(ctx: StepContext, phaseStart: number): Promise<TickOutcome> {
  const { step, run, now } = ctx;
  const st = await readStatus(ctx, ctx.timeouts.restartMs, phaseStart);
  if (!isStatus(st)) return st;
  const u = st.upgrade;
  const back = step.fromVersion;
  if (u?.state === 'upgrading' || u?.state === 'rolling-back') return {};
  if (u && u.version === back && u.state !== 'failed') {
    if (st.readiness === 'ready') {
      await nodeAudit(ctx, 'upgrade.node.rollback', 'SUCCESS', { version: back });
      return {
        step: {
          phase: 'rolled-back',
          phaseStartedAt: new Date(now),
          finishedAt: new Date(now),
          readyAt: new Date(now),
        },
        run: {
          state: 'paused',
          request: null,
          message: `${step.nodeName} was rolled back to ${back} and is Ready. Resume to continue with the next node, or abort to end the run.`,
        },
        events: [{ level: 'info', nodeName: step.nodeName, message: `Rolled back to ${back} and Ready.` }],
      };
    }
    const problem = await makeReady(ctx, true);
    return problem ? failRollback(ctx, `Make Ready after the rollback failed: ${problem.message}`) : {};
  }
  if (st.readiness === 'ready') {
    const problem = await makeReady(ctx, false);
    return problem instanceof UpgradeStop ? failRollback(ctx, problem.message) : {};
  }
  if (openSessions(st) > 0) {
    if (now - phaseStart > run.drainDeadlineSeconds * 1000 && run.deadlineAction === 'end-sessions') {
      await endNodeSessions({ prisma: ctx.prisma, secrets: ctx.secrets, actor: ctx.actor }, step.nodeId).catch(
        () => null,
      );
    }
    return {};
  }
  // Its SUCCESS is recorded once the node is back at its old version and Ready (above).
  const r = await callNode(
    ctx,
    (client) => client.rollbackUpgrade(),
    stepAudit(ctx, 'upgrade.node.rollback', { started: { from: u?.version, to: back }, recordSuccess: false }),
  );
  if (r.ok) return { events: [{ level: 'info', nodeName: step.nodeName, message: `Restarting into ${back}.` }] };
  const why = r.reason;
  if ((why.kind === 'refused' && why.code !== UPGRADE_ERRORS.inProgress) || why.kind === 'invalid')
    return failRollback(ctx, `${step.nodeName} refused the rollback: ${why.message}`);
  return {};
}

function failRollback(ctx: StepContext, why: string): TickOutcome {
  return {
    step: { phase: 'failed', phaseStartedAt: new Date(ctx.now), error: why },
    run: { state: 'failed', request: null, message: `Rollback of ${ctx.step.nodeName} stopped: ${why}` },
    events: [{ level: 'error', nodeName: ctx.step.nodeName, message: why }],
  };
}
