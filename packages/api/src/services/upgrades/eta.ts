// What the run page shows while a run is under way: each draining node's sessions left, and when the
// run should end. The estimate uses only this run's own nodes: an average over the nodes finished so
// far, nothing before the first one is done (the page then says "estimating…").
import type { UpgradeStepModel as UpgradeStep } from '@cc/db';

import { FINISHED_PHASES } from './types';

export interface RunEta {
  /** Mean wall time of the nodes finished so far; null before the first one finishes. */
  perNodeMs: number | null;
  /** Nodes not finished yet (the current one included). */
  remainingNodes: number;
  /** Time left; null while estimating, 0 when nothing is left. */
  remainingMs: number | null;
}

type EtaStep = Pick<UpgradeStep, 'phase' | 'startedAt' | 'finishedAt'>;

export function runEta(steps: readonly EtaStep[], now: number): RunEta {
  const remaining = steps.filter((s) => !FINISHED_PHASES.includes(s.phase));
  const took = steps
    .filter((s) => s.phase === 'done' && s.startedAt && s.finishedAt)
    .map((s) => s.finishedAt!.getTime() - s.startedAt!.getTime());
  if (remaining.length === 0) return { perNodeMs: mean(took), remainingNodes: 0, remainingMs: 0 };
  const perNodeMs = mean(took);
  if (perNodeMs === null) return { perNodeMs, remainingNodes: remaining.length, remainingMs: null };
  // The node under way has used part of its share already (never less than nothing left).
  const remainingMs = remaining.reduce(
    (sum, s) => sum + (s.startedAt ? Math.max(0, perNodeMs - (now - s.startedAt.getTime())) : perNodeMs),
    0,
  );
  return { perNodeMs, remainingNodes: remaining.length, remainingMs: Math.round(remainingMs) };
}

function mean(values: number[]): number | null {
  return values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : null;
}

export interface DrainProgress {
  /** Open sessions when the node was withdrawn. */
  atStart: number;
  /** Open sessions now, as the node last reported. */
  left: number;
  /** 0..1: the share of the starting sessions that have ended. */
  done: number;
}

/** A draining node's progress from the step's starting count and the node's latest report. */
export function drainProgress(sessionsAtStart: number | null, left: number): DrainProgress {
  const atStart = Math.max(sessionsAtStart ?? 0, left);
  return { atStart, left, done: atStart === 0 ? 1 : (atStart - left) / atStart };
}
