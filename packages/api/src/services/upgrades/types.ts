import type { UpgradeRunModel as UpgradeRun, UpgradeStepModel as UpgradeStep } from '@cc/db';

export type RunWithSteps = UpgradeRun & { steps: UpgradeStep[] };

export const STEP_PHASES = [
  'pending',
  'withdrawing',
  'draining',
  'upgrading',
  'checking',
  'readying',
  'verifying',
  'done',
  'failed',
  'rolling-back',
  'rolled-back',
  'skipped',
] as const;
export type StepPhase = (typeof STEP_PHASES)[number];

/** Phases after which a node needs nothing more from this run. */
export const FINISHED_PHASES: readonly string[] = ['done', 'failed', 'rolled-back', 'skipped'];

export type StepPatch = Partial<
  Pick<
    UpgradeStep,
    | 'phase'
    | 'phaseStartedAt'
    | 'startedAt'
    | 'withdrawnAt'
    | 'drainedAt'
    | 'upgradedAt'
    | 'readyAt'
    | 'finishedAt'
    | 'restartMs'
    | 'sessionsAtStart'
    | 'sessionsEnded'
    | 'error'
  >
>;
export type RunPatch = Partial<Pick<UpgradeRun, 'state' | 'request' | 'message' | 'finishedAt'>>;

export interface RunEvent {
  level: 'info' | 'warning' | 'error';
  message: string;
  nodeName?: string;
}

/** What one tick decided: applied in one transaction, only while the worker still holds the lease. */
export interface TickOutcome {
  step?: StepPatch;
  run?: RunPatch;
  events?: RunEvent[];
}
