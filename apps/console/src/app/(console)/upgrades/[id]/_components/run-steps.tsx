'use client';

import Link from 'next/link';

import type { UpgradeStepView } from '~/components/api-types';

import { PhaseLabel } from '../../_components/run-state-badge';
import { DrainProgress } from './run-eta';
import { useFormat } from '@cc/ui';

/** Per-node timeline: phase now, and how long drain, restart and checks took (bars to scale). */
export function RunSteps({ steps }: { steps: UpgradeStepView[] }) {
  const fmt = useFormat();
  const longest = Math.max(1, ...steps.map((s) => s.timeline.totalMs ?? 0));
  return (
    <table className="w-full text-sm" data-testid="run-steps">
      <thead>
        <tr className="border-b border-border text-left text-xs text-secondary-foreground">
          <th className="py-2 pr-3">#</th>
          <th className="py-2 pr-3">Node</th>
          <th className="py-2 pr-3">From</th>
          <th className="py-2 pr-3">Phase</th>
          <th className="py-2 pr-3">Drain</th>
          <th className="py-2 pr-3">Restart</th>
          <th className="py-2 pr-3">Checks</th>
          <th className="w-1/4 py-2 pr-3">Timeline</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((s) => {
          const t = s.timeline;
          const pct = (ms: number | null) => `${((ms ?? 0) / longest) * 100}%`;
          return (
            <tr key={s.id} data-testid="run-step" data-node={s.nodeName} className="border-b border-border align-top">
              <td className="py-2 pr-3 text-muted-foreground">{s.position + 1}</td>
              <td className="py-2 pr-3">
                <Link href={`/nodes/${s.nodeId}`} className="font-medium text-primary hover:underline">
                  {s.nodeName}
                </Link>
                <div className="text-xs text-muted-foreground">{s.nodeRole === 'BACKEND' ? 'backend' : 'frontend'}</div>
              </td>
              <td className="py-2 pr-3">{s.fromVersion ?? '?'}</td>
              <td className="py-2 pr-3">
                <PhaseLabel phase={s.phase} />
                <DrainProgress step={s} />
                {s.sessionsEnded > 0 && (
                  <div className="text-xs text-warning-strong">{s.sessionsEnded} session(s) ended at the deadline</div>
                )}
                {s.error && <div className="text-xs text-danger-strong">{s.error}</div>}
              </td>
              <td className="py-2 pr-3 tabular-nums">{fmt.seconds(t.drainMs)}</td>
              <td className="py-2 pr-3 tabular-nums">{fmt.seconds(t.restartMs)}</td>
              <td className="py-2 pr-3 tabular-nums">{fmt.seconds(t.checksMs)}</td>
              <td className="py-2 pr-3">
                <div className="flex h-3 overflow-hidden rounded bg-muted" aria-hidden>
                  <div className="bg-warning/70" style={{ width: pct(t.drainMs) }} />
                  <div className="bg-info" style={{ width: pct(t.restartMs) }} />
                  <div className="bg-success" style={{ width: pct(t.checksMs) }} />
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
