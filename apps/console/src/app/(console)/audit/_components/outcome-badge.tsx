const STYLE: Record<string, string> = {
  SUCCESS: 'bg-success-soft text-success-strong border-success-border',
  FAILURE: 'bg-danger-soft text-danger-strong border-danger-border',
  DENIED: 'bg-warning-soft text-warning-strong border-warning-border',
  STARTED: 'bg-muted/60 text-secondary-foreground border-border',
};

export function OutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <span
      data-testid="audit-outcome"
      className={`inline-block rounded border px-1.5 py-0.5 text-[11px] font-semibold uppercase ${STYLE[outcome] ?? ''}`}
    >
      {outcome.toLowerCase()}
    </span>
  );
}
