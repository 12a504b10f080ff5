// What operators do with rolling upgrades: start one from a checked plan, pause, resume, abort,
// roll back the current node. Each request is recorded on the run and in the audit log; the
// worker holding the run's lease acts on it at the next safe point (worker.ts).
import type { PrismaClient } from '@cc/db';

import { AppError } from '../../errors';
import { writeAudit, type Actor } from '../audit/write-audit';
import { orderProblems } from './plan';
import { ACTIVE_RUN_STATES, preflight } from './preflight';

/** Serialises run creation across console processes: at most one active run. */
const UPGRADE_CREATE_LOCK = 0x43430003;

export type DeadlineAction = 'wait' | 'end-sessions';

export interface StartRunInput {
  targetVersion: string;
  /** Node ids in the order to upgrade them: exactly the nodes that need the version. */
  order: string[];
  drainDeadlineSeconds: number;
  deadlineAction: DeadlineAction;
  pauseAfterEachNode: boolean;
}

interface Deps {
  prisma: PrismaClient;
  actor: Actor;
}

export async function startRun({ prisma, actor }: Deps, input: StartRunInput) {
  const { plan, checks, ok } = await preflight(prisma, input.targetVersion, input.drainDeadlineSeconds);
  if (!ok) {
    const failed = checks.filter((c) => !c.ok).map((c) => `${c.label}: ${c.detail}`);
    throw new AppError('CONFLICT', `Preflight failed. ${failed.join(' ')}`);
  }
  const problems = orderProblems(input.order, plan.needing, plan.release);
  if (problems.length) throw new AppError('BAD_REQUEST', problems.join(' '), { order: problems });
  const byId = new Map(plan.needing.map((n) => [n.id, n]));

  const run = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${UPGRADE_CREATE_LOCK})`;
    const other = await tx.upgradeRun.findFirst({ where: { state: { in: [...ACTIVE_RUN_STATES] } } });
    if (other) throw new AppError('CONFLICT', `Another upgrade (to ${other.targetVersion}) is ${other.state}.`);
    const created = await tx.upgradeRun.create({
      data: {
        targetVersion: plan.release.version,
        state: 'running',
        pauseAfterEachNode: input.pauseAfterEachNode,
        drainDeadlineSeconds: input.drainDeadlineSeconds,
        deadlineAction: input.deadlineAction,
        createdByEmail: actor.email,
        startedAt: new Date(),
        steps: {
          create: input.order.map((id, position) => {
            const n = byId.get(id)!;
            return { position, nodeId: n.id, nodeName: n.name, nodeRole: n.role, fromVersion: n.version };
          }),
        },
        events: {
          create: {
            level: 'info',
            message: `Upgrade to ${plan.release.version} started by ${actor.email ?? 'unknown'}: ${input.order.length} node(s), in this order: ${input.order.map((id) => byId.get(id)!.name).join(', ')}.`,
          },
        },
      },
    });
    await writeAudit(tx, actor, {
      action: 'upgrade.start',
      targetType: 'upgrade',
      targetId: created.id,
      targetName: `upgrade to ${plan.release.version}`,
      after: {
        targetVersion: plan.release.version,
        order: input.order.map((id) => byId.get(id)!.name),
        drainDeadlineSeconds: input.drainDeadlineSeconds,
        deadlineAction: input.deadlineAction,
        pauseAfterEachNode: input.pauseAfterEachNode,
        preflight: checks.map((c) => ({ check: c.id, ok: c.ok })),
      },
      outcome: 'SUCCESS',
    });
    return created;
  });
  return { id: run.id };
}

export type RunRequest = 'pause' | 'resume' | 'abort' | 'rollback';

/**
 * Records an operator's request. Pause and abort take effect at the next safe point (the current
 * node is finished, or put back Ready if it has not been upgraded yet); a paused run is aborted at
 * once; rollback restarts the current (or failed) node into the version it ran before.
 */
export async function requestRun({ prisma, actor }: Deps, id: string, request: RunRequest) {
  return prisma.$transaction(async (tx) => {
    // Row lock: two operators' requests (and the worker's state changes) apply one after the other.
    const locked = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT "id" FROM "upgrade_run" WHERE "id" = ${id} FOR UPDATE`;
    const run = locked.length ? await tx.upgradeRun.findUnique({ where: { id }, include: { steps: true } }) : null;
    if (!run) throw new AppError('NOT_FOUND', 'No such upgrade run.');
    const refuse = (why: string) => {
      throw new AppError('CONFLICT', why);
    };
    const data: { request?: string | null; state?: string; message?: string; finishedAt?: Date } = {};
    let note = '';
    switch (request) {
      case 'pause':
        if (run.state !== 'running') refuse(`The run is ${run.state}; only a running upgrade can be paused.`);
        if (run.request === 'abort' || run.request === 'rollback') refuse(`A ${run.request} is already under way.`);
        data.request = 'pause';
        note = 'Pause requested: the current node is finished first.';
        break;
      case 'resume':
        if (run.state === 'running' && run.request === 'pause') {
          data.request = null;
          note = 'Pause cancelled.';
        } else if (run.state === 'paused' && run.request === null) {
          data.state = 'running';
          data.message = '';
          note = 'Resumed.';
        } else refuse(`The run is ${run.state}${run.request ? ` (${run.request} requested)` : ''}; nothing to resume.`);
        break;
      case 'abort':
        if (run.state === 'paused' && run.request === null) {
          Object.assign(data, { state: 'aborted', finishedAt: new Date(), message: abortedMessage(run.steps) });
          note = 'Aborted while paused.';
        } else if (run.state === 'running' && run.request !== 'rollback') {
          data.request = 'abort';
          note = 'Abort requested: the current node is finished, or put back Ready if not upgraded yet.';
        } else if (run.state === 'failed' && run.request === null) {
          Object.assign(data, { state: 'aborted', finishedAt: new Date(), message: `${run.message ?? ''} Closed.` });
          note = 'Failed run closed.';
        } else
          refuse(
            `The run is ${run.state}${run.request ? ` (${run.request} requested)` : ''}; it cannot be aborted now.`,
          );
        break;
      case 'rollback': {
        const step = rollbackCandidate(run);
        if (!step || run.request !== null || !['running', 'paused', 'failed'].includes(run.state))
          refuse(
            'Nothing to roll back: no node of this run has been restarted into the new version and is still there.',
          );
        if (run.state === 'failed') {
          const other = await tx.upgradeRun.findFirst({
            where: { state: { in: [...ACTIVE_RUN_STATES] }, id: { not: run.id } },
          });
          if (other) refuse(`Another upgrade (to ${other.targetVersion}) is ${other.state}.`);
        }
        data.request = 'rollback';
        note = `Rollback of ${step!.nodeName} to ${step!.fromVersion ?? 'its previous version'} requested.`;
        break;
      }
    }
    await tx.upgradeRun.update({ where: { id }, data: { ...data, ...(data.message === '' ? { message: null } : {}) } });
    await tx.upgradeEvent.create({
      data: { runId: id, level: 'info', message: `${note} (${actor.email ?? 'unknown'})` },
    });
    await writeAudit(tx, actor, {
      action: `upgrade.${request}`,
      targetType: 'upgrade',
      targetId: id,
      targetName: `upgrade to ${run.targetVersion}`,
      before: { state: run.state, request: run.request },
      after: { state: data.state ?? run.state, request: data.request === undefined ? run.request : data.request },
      outcome: 'SUCCESS',
    });
    return { ok: true as const };
  });
}

interface StepLike {
  id: string;
  position: number;
  nodeName: string;
  fromVersion: string | null;
  phase: string;
}

/**
 * The node a rollback applies to. Running: the node in progress, once it has been restarted into the
 * new version. Paused or failed: the latest node restarted into it (the failed one, or the last done).
 */
export function rollbackCandidate<S extends StepLike>(run: { state: string; steps: S[] }): S | undefined {
  const latest = [...run.steps].sort((a, b) => b.position - a.position);
  if (latest.some((s) => s.phase === 'rolling-back')) return latest.find((s) => s.phase === 'rolling-back');
  const phases = run.state === 'running' ? ['checking', 'readying', 'verifying'] : ['failed', 'done'];
  const candidate = latest.find((s) => s.phase !== 'pending' && s.phase !== 'skipped');
  return candidate && phases.includes(candidate.phase) && candidate.fromVersion !== null ? candidate : undefined;
}

function abortedMessage(steps: StepLike[]): string {
  const done = steps.filter((s) => s.phase === 'done').length;
  return `Aborted with ${done} of ${steps.length} node(s) upgraded; every node is Ready.`;
}
