'use client';

import type { PlanNodeView } from '~/components/api-types';
import { buttonClass } from '~/components/panel';

/** Step 3: the order, editable with up/down buttons (keyboard friendly, no drag and drop needed). */
export function PlanOrder({ nodes, onChange }: { nodes: PlanNodeView[]; onChange: (nodes: PlanNodeView[]) => void }) {
  const move = (i: number, by: number) => {
    const next = [...nodes];
    const [n] = next.splice(i, 1);
    next.splice(i + by, 0, n!);
    onChange(next);
  };
  return (
    <ol className="divide-y divide-border rounded-md border border-border bg-card text-sm" data-testid="plan-order">
      {nodes.map((n, i) => (
        <li key={n.id} data-testid="plan-node" data-node={n.name} className="flex items-center gap-3 px-4 py-2">
          <span className="w-6 text-right text-muted-foreground">{i + 1}.</span>
          <span className="font-medium">{n.name}</span>
          <span className="text-xs text-muted-foreground">
            {n.role === 'BACKEND' ? 'backend' : 'frontend'}
            {n.clusterRole === 'controller' ? ' · Controller' : n.clusterRole === 'backup' ? ' · Backup' : ''} ·{' '}
            {n.version ?? '?'}
          </span>
          <span className="ml-auto flex gap-1">
            <button
              type="button"
              className={buttonClass.quiet}
              disabled={i === 0}
              onClick={() => move(i, -1)}
              aria-label={`Move ${n.name} earlier`}
            >
              ↑
            </button>
            <button
              type="button"
              className={buttonClass.quiet}
              disabled={i === nodes.length - 1}
              onClick={() => move(i, 1)}
              aria-label={`Move ${n.name} later`}
            >
              ↓
            </button>
          </span>
        </li>
      ))}
    </ol>
  );
}
