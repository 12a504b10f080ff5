const STYLES: Record<string, { label: string; className: string }> = {
  running: { label: 'Running', className: 'border-info-border bg-info-soft text-info-strong' },
  paused: { label: 'Paused', className: 'border-warning-border bg-warning-soft text-warning-strong' },
  completed: { label: 'Completed', className: 'border-success-border bg-success-soft text-success-strong' },
  failed: { label: 'Failed', className: 'border-danger-border bg-danger-soft text-danger-strong' },
  aborted: { label: 'Aborted', className: 'border-input bg-muted/60 text-secondary-foreground' },
};

/** A run's state; a pending operator request is named next to it ("Running · pause requested"). */
export function RunStateBadge({ state, request }: { state: string; request?: string | null }) {
  const style = STYLES[state] ?? { label: state, className: 'border-input bg-muted/60 text-secondary-foreground' };
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
  pending: { label: 'Waiting', className: 'text-muted-foreground' },
  withdrawing: { label: 'Withdrawing', className: 'text-warning-strong' },
  draining: { label: 'Draining', className: 'text-warning-strong' },
  upgrading: { label: 'Upgrading', className: 'text-info-strong' },
  checking: { label: 'Restarting / health check', className: 'text-info-strong' },
  readying: { label: 'Making Ready', className: 'text-info-strong' },
  verifying: { label: 'Verifying new sessions', className: 'text-info-strong' },
  done: { label: 'Done', className: 'text-success-strong' },
  failed: { label: 'Failed', className: 'text-danger-strong font-semibold' },
  'rolling-back': { label: 'Rolling back', className: 'text-warning-strong' },
  'rolled-back': { label: 'Rolled back', className: 'text-secondary-foreground' },
  skipped: { label: 'Put back (not upgraded)', className: 'text-secondary-foreground' },
};

export function PhaseLabel({ phase }: { phase: string }) {
  const p = PHASES[phase] ?? { label: phase, className: '' };
  return (
    <span data-testid="step-phase" data-phase={phase} className={p.className}>
      {p.label}
    </span>
  );
}
