// Executes rolling upgrades in the background. Every console process runs one worker; a run is
// advanced only by the process holding its lease (renewed on every tick, taken over when it lapses),
// so a killed console's run is resumed by the next one to look, from what the database and the
// nodes say. Closing the browser changes nothing: nothing here depends on a request.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';

import type { Prisma, PrismaClient } from '@cc/db';

import { AppError, errorMessage } from '../../errors';
import { writeAudit, type Actor } from '../audit/write-audit';
import { selectNodes } from '../nodes/fan-out';
import type { SecretBox } from '../secrets/secret-box';
import { advanceStep, DEFAULT_TIMEOUTS, failStep, type PhaseTimeouts, type StepContext } from './phases';
import { rollbackCandidate } from './runs';
import { handOverMessage } from './timeline';
import { FINISHED_PHASES, type RunEvent, type RunWithSteps, type TickOutcome } from './types';

export interface UpgradeWorkerOptions {
  prisma: PrismaClient;
  secrets: SecretBox;
  /** A claim lapses this long after its last renewal; another process may then take the run over. */
  leaseMs?: number;
  /** Pause between ticks while a run is active / while idle. */
  busyMs?: number;
  idleMs?: number;
  timeouts?: Partial<PhaseTimeouts>;
  log?: (message: string) => void;
}

class LostLease extends Error {}

export type TickResult = 'idle' | 'waiting' | 'moved';

const WORK_WHERE = {
  OR: [{ state: 'running' }, { state: { in: ['paused', 'failed'] }, request: 'rollback' }],
} satisfies Prisma.UpgradeRunWhereInput;

export class UpgradeWorker {
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly memo = new Map<string, number>();
  /** Releases' mixed-versions windows in hours (null: none), read once per process. */
  private readonly windows = new Map<string, number | null>();
  private readonly leaseMs: number;
  private readonly timeouts: PhaseTimeouts;

  constructor(private readonly opts: UpgradeWorkerOptions) {
    this.leaseMs = opts.leaseMs ?? 10_000;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  }

  /** Loops until the returned function is called. */
  start(): () => void {
    let stopped = false;
    let wake: (() => void) | undefined;
    const loop = async () => {
      while (!stopped) {
        let next: TickResult = 'idle';
        try {
          next = await this.tick();
        } catch (e) {
          if (!(e instanceof LostLease)) this.opts.log?.(`upgrade worker: ${errorMessage(e)}`);
        }
        // A phase that just ended goes straight on: idle waits between phases are pure overhead.
        if (next === 'moved') continue;
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, next === 'waiting' ? (this.opts.busyMs ?? 200) : (this.opts.idleMs ?? 1000)).unref();
        });
      }
    };
    void loop();
    return () => {
      stopped = true;
      wake?.();
    };
  }

  /**
   * One step of the active run, if there is one and this process holds (or gets) its lease: 'moved'
   * when a phase or the run's state changed, 'waiting' while a node is busy, 'idle' with no run.
   */
  async tick(now = Date.now()): Promise<TickResult> {
    const { prisma } = this.opts;
    const run = await prisma.upgradeRun.findFirst({
      where: WORK_WHERE,
      orderBy: { createdAt: 'desc' },
      include: { steps: { orderBy: { position: 'asc' } } },
    });
    if (!run) return 'idle';
    const claim = await this.claim(run.id);
    if (!claim) return 'waiting';
    const { stepId, outcome } = await this.decide(run, now);
    const mixed = await this.mixedVersionsWarning(run, now);
    if (mixed) outcome.events = [...(outcome.events ?? []), mixed];
    // Taken over from a worker that stopped mid-node: the time nobody held the run goes on record, so
    // the timeline never counts it as the node's (handOverMessage, leaseGaps).
    const midNode = run.steps.some((s) => s.phase !== 'pending' && !FINISHED_PHASES.includes(s.phase));
    if (claim.previous && claim.previous !== this.owner && claim.gapMs !== null && midNode)
      outcome.events = [
        { level: 'warning', message: handOverMessage(claim.gapMs, claim.previous) },
        ...(outcome.events ?? []),
      ];
    const changed = await this.apply(run, stepId, outcome);
    return changed ? 'moved' : 'waiting';
  }

  /**
   * Takes or renews the run's lease. Returns null when another worker holds it; else who held it
   * before, and for how long nobody did (since that holder's last renewal, database clock).
   */
  private async claim(id: string): Promise<{ previous: string | null; gapMs: number | null } | null> {
    const rows = await this.opts.prisma.$queryRaw<Array<{ previous: string | null; gapMs: number | null }>>`
      UPDATE "upgrade_run" r
         SET "leaseOwner" = ${this.owner},
             "leaseUntil" = (now() AT TIME ZONE 'UTC') + ${this.leaseMs} * interval '1 millisecond'
        FROM (SELECT "leaseOwner", "leaseUntil" FROM "upgrade_run" WHERE "id" = ${id} FOR UPDATE) prev
       WHERE r."id" = ${id}
         AND (prev."leaseOwner" IS NULL OR prev."leaseOwner" = ${this.owner}
              OR prev."leaseUntil" < (now() AT TIME ZONE 'UTC'))
      RETURNING prev."leaseOwner" AS previous,
        (EXTRACT(EPOCH FROM ((now() AT TIME ZONE 'UTC') - prev."leaseUntil")) * 1000 + ${this.leaseMs})::float8
          AS "gapMs"`;
    return rows[0] ?? null;
  }

  /** Once per run and process: the release's mixed-versions window has passed while it still runs. */
  private async mixedVersionsWarning(run: RunWithSteps, now: number): Promise<RunEvent | null> {
    const key = `${run.id}:mixed-window`;
    if (run.state !== 'running' || !run.startedAt || this.memo.has(key)) return null;
    let hours = this.windows.get(run.targetVersion);
    if (hours === undefined) {
      const release = await this.opts.prisma.release.findUnique({ where: { version: run.targetVersion } });
      hours = release?.maxMixedHours ?? null;
      this.windows.set(run.targetVersion, hours);
    }
    if (hours === null || now - run.startedAt.getTime() < hours * 3_600_000) return null;
    this.memo.set(key, now);
    return {
      level: 'warning',
      message: `The cluster has run mixed versions for more than ${hours} h, the most ${run.targetVersion} allows: finish the run or roll back.`,
    };
  }

  private actorFor(run: RunWithSteps): Actor {
    return { id: null, email: run.createdByEmail, role: null, ip: null, userAgent: `upgrade worker (run ${run.id})` };
  }

  private async decide(run: RunWithSteps, now: number): Promise<{ stepId: string | null; outcome: TickOutcome }> {
    if (run.request === 'rollback') {
      const step = rollbackCandidate(run);
      if (!step) return { stepId: null, outcome: { run: { request: null } } };
      if (step.phase !== 'rolling-back')
        return {
          stepId: step.id,
          outcome: { step: { phase: 'rolling-back', phaseStartedAt: new Date(now), error: null } },
        };
      return { stepId: step.id, outcome: await this.advance(run, step, now) };
    }
    const current = run.steps.find((s) => s.phase !== 'pending' && !FINISHED_PHASES.includes(s.phase));
    if (current) return { stepId: current.id, outcome: await this.advance(run, current, now) };
    const next = run.steps.find((s) => s.phase === 'pending');
    // Between nodes: requests take effect before the next node is touched.
    if (!next || run.request === 'abort' || run.request === 'pause') return { stepId: null, outcome: {} };
    return { stepId: next.id, outcome: await this.advance(run, next, now) };
  }

  private async advance(run: RunWithSteps, step: RunWithSteps['steps'][number], now: number): Promise<TickOutcome> {
    const [node] = await selectNodes(this.opts.prisma, { ids: [step.nodeId] }).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'NOT_FOUND') return [];
      throw e;
    });
    const ctx: StepContext = {
      prisma: this.opts.prisma,
      secrets: this.opts.secrets,
      actor: this.actorFor(run),
      run,
      step,
      node: node ?? (null as never),
      now,
      timeouts: this.timeouts,
      memo: this.memo,
    };
    if (!node) return failStep(ctx, `${step.nodeName} was removed from the console during the upgrade.`);
    return advanceStep(ctx);
  }

  /** Applies a tick's outcome under the lease, and moves the run on when a node has finished. */
  private async apply(run: RunWithSteps, stepId: string | null, outcome: TickOutcome): Promise<boolean> {
    return this.opts.prisma.$transaction(async (tx) => {
      const held = await tx.$executeRaw`
        UPDATE "upgrade_run" SET "leaseUntil" = (now() AT TIME ZONE 'UTC') + ${this.leaseMs} * interval '1 millisecond'
         WHERE "id" = ${run.id} AND "leaseOwner" = ${this.owner}`;
      if (held !== 1) throw new LostLease();
      // Operators' requests commit under this row lock too: decide on the newest one.
      const fresh = await tx.upgradeRun.findUniqueOrThrow({ where: { id: run.id } });
      if (stepId && outcome.step) await tx.upgradeStep.update({ where: { id: stepId }, data: outcome.step });
      const steps = await tx.upgradeStep.findMany({ where: { runId: run.id }, orderBy: { position: 'asc' } });
      const runPatch = { ...outcome.run, ...nextRunState(fresh, steps, outcome, stepId) };
      const events = [...(outcome.events ?? [])];
      if (runPatch.state && runPatch.state !== fresh.state) {
        if (['completed', 'aborted', 'failed'].includes(runPatch.state)) {
          runPatch.finishedAt ??= new Date();
          Object.assign(runPatch, { leaseOwner: null, leaseUntil: null });
        }
        if (!outcome.run?.message && runPatch.message) events.push({ level: 'info', message: runPatch.message });
        await writeAudit(tx, this.actorFor(run), {
          action: `upgrade.${runPatch.state}`,
          targetType: 'upgrade',
          targetId: run.id,
          targetName: `upgrade to ${run.targetVersion}`,
          before: { state: fresh.state },
          after: { state: runPatch.state, message: runPatch.message ?? null },
          outcome: runPatch.state === 'failed' ? 'FAILURE' : 'SUCCESS',
        });
      }
      if (Object.keys(runPatch).length) await tx.upgradeRun.update({ where: { id: run.id }, data: runPatch });
      if (events.length) {
        await tx.upgradeEvent.createMany({
          data: events.map((e) => ({
            runId: run.id,
            level: e.level,
            message: e.message,
            nodeName: e.nodeName ?? null,
          })),
        });
      }
      return outcome.step?.phase !== undefined || (runPatch.state !== undefined && runPatch.state !== fresh.state);
    });
  }
}

type Fresh = { state: string; request: string | null; pauseAfterEachNode: boolean; targetVersion: string };
type StepRow = { id: string; phase: string; nodeName: string };

/** The run's next state once a node has finished, or before the first one starts. */
function nextRunState(run: Fresh, steps: StepRow[], outcome: TickOutcome, stepId: string | null) {
  if (outcome.run?.state) return {};
  const inProgress = steps.some((s) => s.phase !== 'pending' && !FINISHED_PHASES.includes(s.phase));
  if (inProgress || run.state !== 'running') return {};
  const finished = steps.find((s) => s.id === stepId);
  const pending = steps.filter((s) => s.phase === 'pending').length;
  const done = steps.filter((s) => s.phase === 'done').length;
  if (run.request === 'abort')
    return {
      state: 'aborted',
      request: null,
      message: `Aborted with ${done} of ${steps.length} node(s) on ${run.targetVersion}; every node is Ready.`,
    };
  if (pending === 0)
    return {
      state: 'completed',
      request: null,
      message:
        done === steps.length
          ? `All ${steps.length} node(s) upgraded to ${run.targetVersion} and Ready.`
          : `Finished: ${done} of ${steps.length} node(s) on ${run.targetVersion}; the others were rolled back or skipped.`,
    };
  const after = finished && FINISHED_PHASES.includes(finished.phase) ? ` after ${finished.nodeName}` : '';
  if (run.request === 'pause')
    return { state: 'paused', request: null, message: `Paused${after} as requested. ${pending} node(s) to go.` };
  if (run.pauseAfterEachNode && after)
    return { state: 'paused', message: `Paused${after} (pause after each node). ${pending} node(s) to go.` };
  return {};
}
