const STYLE: Record<string, string> = {
  SUCCESS: 'bg-emerald-50 text-emerald-800 border-emerald-200',
  FAILURE: 'bg-red-50 text-red-800 border-red-200',
  DENIED: 'bg-amber-50 text-amber-800 border-amber-200',
  STARTED: 'bg-slate-50 text-slate-700 border-slate-200',
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
