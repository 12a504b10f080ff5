import Link from 'next/link';
import { useId, type ReactNode } from 'react';

import { buttonVariants, cn, focusRing } from '@cc/ui';

/** A titled card; the heading names the region for screen readers. */
export function Panel({
  title,
  actions,
  children,
  testId,
  danger = false,
  className = '',
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
  /** Destructive actions (rename, delete) get a red frame. */
  danger?: boolean;
  className?: string;
}) {
  const id = useId();
  return (
    <section
      aria-labelledby={id}
      data-testid={testId}
      className={cn(
        'rounded-md border bg-card text-card-foreground',
        danger ? 'border-danger-border' : 'border-border',
        className,
      )}
    >
      <div
        className={cn(
          'flex flex-wrap items-center gap-2 border-b px-4 py-2.5',
          danger ? 'border-danger-border' : 'border-border',
        )}
      >
        <h2 id={id} className={cn('text-sm font-semibold', danger && 'text-danger-strong')}>
          {title}
        </h2>
        {actions && <div className="ml-auto flex flex-wrap items-center gap-2">{actions}</div>}
      </div>
      <div className="p-4">{children}</div>
    </section>
  );
}

// Success messages are toasts now (notice.tsx); pages keep importing them from here.
export { Notice } from './notice';

/** What a missing (or someone else's) object shows: the API answers both the same way. */
export function NotFoundPanel({
  title,
  children,
  backHref,
  backLabel,
  testId,
}: {
  title: string;
  children: ReactNode;
  backHref: string;
  backLabel: string;
  testId: string;
}) {
  return (
    <div data-testid={testId} className="rounded-md border border-border bg-card px-6 py-10 text-center">
      <h1 className="text-lg font-semibold">{title}</h1>
      <p className="mt-1 text-sm text-muted-foreground">{children}</p>
      <Link
        href={backHref}
        className={cn('mt-4 inline-block rounded text-sm font-medium text-primary hover:underline', focusRing)}
      >
        ← {backLabel}
      </Link>
    </div>
  );
}

export function ErrorPanel({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p
      role="alert"
      data-testid={testId}
      className="rounded-md border border-danger-border bg-danger-soft px-4 py-3 text-sm text-danger-strong"
    >
      {children}
    </p>
  );
}

/** Button looks for plain <button>s and links; the kit's Button uses the same variants. */
export const buttonClass = {
  primary: buttonVariants({ variant: 'primary' }),
  secondary: buttonVariants({ variant: 'secondary' }),
  danger: buttonVariants({ variant: 'danger' }),
  dangerOutline: buttonVariants({ variant: 'dangerOutline' }),
  quiet: buttonVariants({ variant: 'ghost' }),
} as const;
