import type { ReactNode } from 'react';

/** One labelled figure in a <dl> strip (cluster totals, sizing plan). */
export function Stat({
  label,
  children,
  title,
  testId,
  truncate = false,
}: {
  label: string;
  children: ReactNode;
  title?: string;
  testId?: string;
  /** One line, cut with an ellipsis (dense strips); otherwise the value may wrap. */
  truncate?: boolean;
}) {
  return (
    <div className="min-w-0 px-4 py-2.5" title={title} data-testid={testId}>
      <dt className="text-[11px] font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className={`mt-0.5 text-sm text-slate-900${truncate ? ' truncate' : ''}`}>{children}</dd>
    </div>
  );
}
