const STYLES: Record<string, { label: string; className: string }> = {
  running: { label: 'Running', className: 'border-sky-300 bg-sky-50 text-sky-800' },
  paused: { label: 'Paused', className: 'border-amber-300 bg-amber-50 text-amber-800' },
  completed: { label: 'Completed', className: 'border-emerald-200 bg-emerald-50 text-emerald-800' },
  failed: { label: 'Failed', className: 'border-red-300 bg-red-50 text-red-800' },
  aborted: { label: 'Aborted', className: 'border-slate-300 bg-slate-50 text-slate-700' },
};

/** A run's state; a pending operator request is named next to it ("Running · pause requested"). */
export function RunStateBadge({ state, request }: { state: string; request?: string | null }) {
  const style = STYLES[state] ?? { label: state, className: 'border-slate-300 bg-slate-50 text-slate-700' };
  return (
    <span
      data-testid="run-state"
      data-state={state}
      className={`inline-flex items-center rounded border px-2 py-0.5 text-xs font-medium ${style.className}`}
    >
      {style.label}
      {request ? ` · ${request === 'rollback' ? 'rolling back' : `${request} requested`}` : ''}
    </span>
  );
}

const PHASES: Record<string, { label: string; className: string }> = {
  pending: { label: 'Waiting', className: 'text-slate-500' },
  withdrawing: { label: 'Withdrawing', className: 'text-amber-700' },
  draining: { label: 'Draining', className: 'text-amber-700' },
  upgrading: { label: 'Upgrading', className: 'text-sky-700' },
  checking: { label: 'Restarting / health check', className: 'text-sky-700' },
  readying: { label: 'Making Ready', className: 'text-sky-700' },
  verifying: { label: 'Verifying new sessions', className: 'text-sky-700' },
  done: { label: 'Done', className: 'text-emerald-700' },
  failed: { label: 'Failed', className: 'text-red-700 font-semibold' },
  'rolling-back': { label: 'Rolling back', className: 'text-amber-700' },
  'rolled-back': { label: 'Rolled back', className: 'text-slate-700' },
  skipped: { label: 'Put back (not upgraded)', className: 'text-slate-600' },
};

export function PhaseLabel({ phase }: { phase: string }) {
  const p = PHASES[phase] ?? { label: phase, className: '' };
  return (
    <span data-testid="step-phase" data-phase={phase} className={p.className}>
      {p.label}
    </span>
  );
}
