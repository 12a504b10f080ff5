import type { ReactNode } from 'react';

import { cn } from './cn';

/** One labelled figure; place several in a <dl>. */
export function Stat({
  label,
  children,
  title,
  testId,
  truncate = false,
  className,
}: {
  label: ReactNode;
  children: ReactNode;
  title?: string;
  testId?: string;
  /** One line, cut with an ellipsis (dense strips); otherwise the value may wrap. */
  truncate?: boolean;
  className?: string;
}) {
  return (
    <div className={cn('min-w-0 px-4 py-2.5', className)} title={title} data-testid={testId}>
      <dt className="text-[11px] font-medium uppercase tracking-wide text-muted-foreground">{label}</dt>
      <dd className={cn('mt-0.5 text-sm text-foreground', truncate && 'truncate')}>{children}</dd>
    </div>
  );
}
