// Per-node timeline of a run (how long drain, restart and checks took) and the run's overhead:
// wall time over the time nodes spent draining and restarting, which no orchestration can avoid.
import type { UpgradeRunModel as UpgradeRun, UpgradeStepModel as UpgradeStep } from '@cc/db';

export interface StepTimeline {
  drainMs: number | null;
  restartMs: number | null;
  checksMs: number | null;
  totalMs: number | null;
}

const span = (a: Date | null, b: Date | null) => (a && b ? Math.max(0, b.getTime() - a.getTime()) : null);

export function stepTimeline(s: UpgradeStep): StepTimeline {
  return {
    drainMs: span(s.withdrawnAt ?? s.startedAt, s.drainedAt),
    restartMs: span(s.drainedAt, s.upgradedAt),
    checksMs: span(s.upgradedAt, s.phase === 'done' ? s.finishedAt : null),
    totalMs: span(s.startedAt, s.finishedAt),
  };
}

export interface RunTimeline {
  wallMs: number | null;
  /** Sum over nodes of drain + restart. */
  unavoidableMs: number;
  /** wallMs / unavoidableMs: 1.0 would mean the orchestration itself costs nothing. */
  overhead: number | null;
}

export function runTimeline(run: Pick<UpgradeRun, 'startedAt' | 'finishedAt'>, steps: UpgradeStep[]): RunTimeline {
  const wallMs = span(run.startedAt, run.finishedAt);
  const unavoidableMs = steps.map(stepTimeline).reduce((sum, t) => sum + (t.drainMs ?? 0) + (t.restartMs ?? 0), 0);
  return { wallMs, unavoidableMs, overhead: wallMs !== null && unavoidableMs > 0 ? wallMs / unavoidableMs : null };
}
