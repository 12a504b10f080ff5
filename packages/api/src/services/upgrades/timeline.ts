// Per-node timeline of a run (how long drain, restart and checks took) and the run's overhead:
// wall time over the time nodes spent draining and restarting, which no orchestration can avoid.
// Time in which no worker held the run (a console died and another took the lease over) is the
// console's, not the node's: it never counts as restart or checks, only as overhead.
import type { UpgradeRunModel as UpgradeRun, UpgradeStepModel as UpgradeStep } from '@cc/db';

export interface StepTimeline {
  drainMs: number | null;
  restartMs: number | null;
  checksMs: number | null;
  totalMs: number | null;
}

/** A stretch (epoch ms) in which no worker held the run's lease. */
export interface LeaseGap {
  from: number;
  to: number;
}

export const HAND_OVER = 'Resumed after a lease hand-over';

/** The event a worker logs when it takes over a run whose lease lapsed: the gap travels in it. */
export function handOverMessage(gapMs: number, previous: string): string {
  const ms = Math.max(0, Math.round(gapMs));
  return `${HAND_OVER}: no worker held the run for ${(ms / 1000).toFixed(1)} s (${ms} ms; ${previous} stopped renewing it).`;
}

/** The lease gaps recorded in a run's events (see handOverMessage). */
export function leaseGaps(events: ReadonlyArray<{ at: Date; message: string }>): LeaseGap[] {
  return events.flatMap((e) => {
    const m = e.message.startsWith(HAND_OVER) ? /\((\d+) ms;/.exec(e.message) : null;
    if (!m) return [];
    const to = e.at.getTime();
    return [{ from: to - Number(m[1]), to }];
  });
}

const span = (a: Date | null, b: Date | null) => (a && b ? Math.max(0, b.getTime() - a.getTime()) : null);

/** a → b, less whatever part of it fell into a lease gap. */
function heldSpan(a: Date | null, b: Date | null, gaps: readonly LeaseGap[]): number | null {
  const whole = span(a, b);
  if (whole === null || !a || !b) return whole;
  const unheld = gaps.reduce(
    (sum, g) => sum + Math.max(0, Math.min(b.getTime(), g.to) - Math.max(a.getTime(), g.from)),
    0,
  );
  return Math.max(0, whole - unheld);
}

export function stepTimeline(s: UpgradeStep, gaps: readonly LeaseGap[] = []): StepTimeline {
  return {
    drainMs: span(s.withdrawnAt ?? s.startedAt, s.drainedAt),
    // The node's own account when it gave one; otherwise what the workers saw while they held the run.
    restartMs: s.upgradedAt ? (s.restartMs ?? heldSpan(s.drainedAt, s.upgradedAt, gaps)) : null,
    checksMs: heldSpan(s.upgradedAt, s.phase === 'done' ? s.finishedAt : null, gaps),
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

export function runTimeline(
  run: Pick<UpgradeRun, 'startedAt' | 'finishedAt'>,
  steps: UpgradeStep[],
  gaps: readonly LeaseGap[] = [],
): RunTimeline {
  const wallMs = span(run.startedAt, run.finishedAt);
  const unavoidableMs = steps
    .map((s) => stepTimeline(s, gaps))
    .reduce((sum, t) => sum + (t.drainMs ?? 0) + (t.restartMs ?? 0), 0);
  return { wallMs, unavoidableMs, overhead: wallMs !== null && unavoidableMs > 0 ? wallMs / unavoidableMs : null };
}
