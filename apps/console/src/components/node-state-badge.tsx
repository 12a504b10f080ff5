import type { ClusterRole, NodeRole, NodeState } from './api-types';
import { useFormat } from '@cc/ui';

interface StateStyle {
  label: string;
  badge: string;
  dot: string;
  description: string;
}

/**
 * Each state has its own colour so draining is never mistaken for healthy (green) or dead (red),
 * and Unknown (console knows nothing current) reads differently from Non-Ready (node said so).
 */
export const STATE_STYLES: Record<NodeState, StateStyle> = {
  ready: {
    label: 'Ready',
    badge: 'border-success-border bg-success-soft text-success-strong',
    dot: 'bg-success',
    description: 'Serving traffic.',
  },
  draining: {
    label: 'Draining',
    badge: 'border-warning-border bg-warning-soft text-warning-strong',
    dot: 'bg-warning',
    description: 'Taking no new sessions; existing sessions are finishing.',
  },
  drained: {
    label: 'Drained',
    badge: 'border-info-border bg-info-soft text-info-strong',
    dot: 'bg-info',
    description: 'No sessions left: safe to shut down.',
  },
  'non-ready': {
    label: 'Non-Ready',
    badge: 'border-input bg-muted text-secondary-foreground',
    dot: 'bg-muted-foreground',
    description: 'The node reports itself as not ready for traffic.',
  },
  down: {
    label: 'Down',
    badge: 'border-danger-border bg-danger-soft text-danger-strong',
    dot: 'bg-danger',
    description: 'Not heard from recently.',
  },
  unknown: {
    label: 'Unknown',
    badge: 'border-dashed border-input bg-card text-muted-foreground',
    dot: 'bg-input',
    description: 'No current information (collector not running, or node not polled yet).',
  },
};

/** The badge itself; its text is exactly the state label (tests and screen readers rely on it). */
export function StateBadge({ state, testId = 'node-state' }: { state: NodeState; testId?: string }) {
  const s = STATE_STYLES[state];
  return (
    <span
      data-testid={testId}
      title={s.description}
      className={`inline-flex shrink-0 items-center gap-1.5 rounded border px-1.5 py-px text-xs font-medium ${s.badge}`}
    >
      <span aria-hidden className={`size-1.5 rounded-full ${s.dot}`} />
      {s.label}
    </span>
  );
}

/** Sessions drained so far, as a small bar with "remaining/atStart". */
export function DrainProgress({ drain }: { drain: { atStart: number; remaining: number } }) {
  const fmt = useFormat();
  const done = drain.atStart > 0 ? Math.min(1, Math.max(0, (drain.atStart - drain.remaining) / drain.atStart)) : 1;
  return (
    <span
      className="inline-flex items-center gap-1.5 text-xs tabular-nums text-warning-strong"
      title={`${fmt.integer(drain.remaining)} of ${fmt.integer(drain.atStart)} sessions still open`}
    >
      <span>
        {fmt.integer(drain.remaining)}/{fmt.integer(drain.atStart)}
      </span>
      <span
        role="progressbar"
        aria-label="Drain progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(done * 100)}
        className="h-1.5 w-12 overflow-hidden rounded-full bg-warning-soft"
      >
        <span className="block h-full bg-warning transition-[width]" style={{ width: `${done * 100}%` }} />
      </span>
    </span>
  );
}

/** Badge plus the context a state needs: drain progress, or the "safe to shut down" hint. */
export function NodeStateCell({
  state,
  drain,
}: {
  state: NodeState;
  drain: { atStart: number; remaining: number } | null;
}) {
  return (
    <span className="flex min-w-0 items-center gap-2">
      <StateBadge state={state} />
      {state === 'draining' && drain && <DrainProgress drain={drain} />}
      {state === 'drained' && <span className="truncate text-xs text-info-strong">safe to shut down</span>}
    </span>
  );
}

export function ClusterRoleMarker({ role }: { role: ClusterRole }) {
  if (role === 'controller') {
    return (
      <span className="rounded bg-violet-600 px-1.5 py-px text-xs font-medium text-white" title="Cluster controller">
        Controller
      </span>
    );
  }
  if (role === 'backup') {
    return (
      <span
        className="rounded border border-violet-400 px-1.5 py-px text-xs font-medium text-violet-700 dark:text-violet-300"
        title="Backup controller"
      >
        Backup
      </span>
    );
  }
  if (role === 'member') return <span className="text-xs text-muted-foreground">Member</span>;
  return <span className="text-xs text-muted-foreground">—</span>;
}

export const ROLE_LABEL: Record<NodeRole, string> = { FRONTEND: 'Frontend', BACKEND: 'Backend' };

export function NodeRoleLabel({ role }: { role: NodeRole }) {
  return (
    <span
      className={`rounded px-1.5 py-px text-xs font-medium ${role === 'FRONTEND' ? 'bg-indigo-500/10 text-indigo-700 dark:text-indigo-300' : 'bg-teal-500/10 text-teal-700 dark:text-teal-300'}`}
    >
      {ROLE_LABEL[role]}
    </span>
  );
}
