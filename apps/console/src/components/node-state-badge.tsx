import type { ClusterRole, NodeRole, NodeState } from './api-types';
import { formatInt } from './format';

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
    badge: 'border-emerald-200 bg-emerald-50 text-emerald-800',
    dot: 'bg-emerald-500',
    description: 'Serving traffic.',
  },
  draining: {
    label: 'Draining',
    badge: 'border-amber-300 bg-amber-50 text-amber-800',
    dot: 'bg-amber-500',
    description: 'Taking no new sessions; existing sessions are finishing.',
  },
  drained: {
    label: 'Drained',
    badge: 'border-sky-300 bg-sky-50 text-sky-800',
    dot: 'bg-sky-500',
    description: 'No sessions left: safe to shut down.',
  },
  'non-ready': {
    label: 'Non-Ready',
    badge: 'border-zinc-300 bg-zinc-100 text-zinc-700',
    dot: 'bg-zinc-400',
    description: 'The node reports itself as not ready for traffic.',
  },
  down: {
    label: 'Down',
    badge: 'border-red-300 bg-red-50 text-red-800',
    dot: 'bg-red-600',
    description: 'Not heard from recently.',
  },
  unknown: {
    label: 'Unknown',
    badge: 'border-dashed border-slate-400 bg-white text-slate-500',
    dot: 'bg-slate-300',
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
  const done = drain.atStart > 0 ? Math.min(1, Math.max(0, (drain.atStart - drain.remaining) / drain.atStart)) : 1;
  return (
    <span
      className="inline-flex items-center gap-1.5 text-xs tabular-nums text-amber-800"
      title={`${formatInt(drain.remaining)} of ${formatInt(drain.atStart)} sessions still open`}
    >
      <span>
        {formatInt(drain.remaining)}/{formatInt(drain.atStart)}
      </span>
      <span
        role="progressbar"
        aria-label="Drain progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(done * 100)}
        className="h-1.5 w-12 overflow-hidden rounded-full bg-amber-100"
      >
        <span className="block h-full bg-amber-500 transition-[width]" style={{ width: `${done * 100}%` }} />
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
      {state === 'drained' && <span className="truncate text-xs text-sky-700">safe to shut down</span>}
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
        className="rounded border border-violet-400 px-1.5 py-px text-xs font-medium text-violet-700"
        title="Backup controller"
      >
        Backup
      </span>
    );
  }
  if (role === 'member') return <span className="text-xs text-slate-500">Member</span>;
  return <span className="text-xs text-slate-400">—</span>;
}

export const ROLE_LABEL: Record<NodeRole, string> = { FRONTEND: 'Frontend', BACKEND: 'Backend' };

export function NodeRoleLabel({ role }: { role: NodeRole }) {
  return (
    <span
      className={`rounded px-1.5 py-px text-xs font-medium ${role === 'FRONTEND' ? 'bg-indigo-50 text-indigo-700' : 'bg-teal-50 text-teal-700'}`}
    >
      {ROLE_LABEL[role]}
    </span>
  );
}
