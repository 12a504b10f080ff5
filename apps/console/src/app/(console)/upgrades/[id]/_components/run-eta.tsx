'use client';

import { plural, Progress, useFormat } from '@cc/ui';

import type { UpgradeRunView, UpgradeStepView } from '~/components/api-types';

/** Time left in the run, from this run's own finished nodes; "estimating…" until the first is done. */
export function RunEta({ run }: { run: UpgradeRunView }) {
  const fmt = useFormat();
  const eta = run.eta;
  if (!eta || eta.remainingNodes === 0) return null;
  const nodes = `${eta.remainingNodes} ${plural(eta.remainingNodes, 'node')} to go`;
  return (
    <span className="text-sm text-muted-foreground" data-testid="run-eta">
      {eta.remainingMs === null
        ? `${nodes} · estimating…`
        : `${nodes} · about ${fmt.duration(eta.remainingMs)} left${run.state === 'paused' ? ' once resumed' : ''}`}
    </span>
  );
}

/** A draining node: sessions still open of those open when it was withdrawn. */
export function DrainProgress({ step }: { step: UpgradeStepView }) {
  const d = step.drain;
  if (!d) return null;
  return (
    <div className="mt-1 w-40 space-y-1 text-xs" data-testid="step-drain">
      <div>
        {d.left} {plural(d.left, 'session')} left of {d.atStart}
      </div>
      <Progress value={d.done * 100} label={`Drain of ${step.nodeName}`} tone="warning" />
    </div>
  );
}
