import Link from 'next/link';
import { useId, type ReactNode } from 'react';

/** A titled white box; the heading names the region for screen readers. */
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
      className={`rounded-md border bg-white ${danger ? 'border-red-200' : 'border-slate-200'} ${className}`}
    >
      <div
        className={`flex flex-wrap items-center gap-2 border-b px-4 py-2.5 ${danger ? 'border-red-200' : 'border-slate-200'}`}
      >
        <h2 id={id} className={`text-sm font-semibold ${danger ? 'text-red-800' : ''}`}>
          {title}
        </h2>
        {actions && <div className="ml-auto flex flex-wrap items-center gap-2">{actions}</div>}
      </div>
      <div className="p-4">{children}</div>
    </section>
  );
}

/** A dismissible success message. */
export function Notice({
  children,
  onDismiss,
  testId = 'notice',
}: {
  children: ReactNode;
  onDismiss: () => void;
  testId?: string;
}) {
  return (
    <div
      role="status"
      data-testid={testId}
      className="flex items-start gap-2 rounded-md border border-emerald-200 bg-emerald-50 px-4 py-2 text-sm text-emerald-800"
    >
      <div className="min-w-0 flex-1">{children}</div>
      <button
        type="button"
        onClick={onDismiss}
        aria-label="Dismiss"
        className="px-1 text-emerald-700 hover:text-emerald-900"
      >
        ×
      </button>
    </div>
  );
}

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
    <div data-testid={testId} className="rounded-md border border-slate-200 bg-white px-6 py-10 text-center">
      <h1 className="text-lg font-semibold">{title}</h1>
      <p className="mt-1 text-sm text-slate-500">{children}</p>
      <Link href={backHref} className="mt-4 inline-block text-sm font-medium text-brand-600 hover:underline">
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
      className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
    >
      {children}
    </p>
  );
}

export const buttonClass = {
  primary:
    'rounded bg-brand-600 px-3 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-brand-700 disabled:opacity-60',
  secondary:
    'rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60',
  danger: 'rounded bg-red-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-60',
  dangerOutline:
    'rounded border border-red-300 bg-white px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-60',
  quiet:
    'rounded px-3 py-1.5 text-sm text-slate-600 hover:bg-slate-100 disabled:opacity-40 disabled:hover:bg-transparent',
} as const;
