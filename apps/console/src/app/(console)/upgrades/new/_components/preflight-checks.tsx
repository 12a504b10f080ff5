'use client';

import type { PreflightView } from '~/components/api-types';

/** Step 2: each check with pass/fail and its reason. */
export function PreflightChecks({ checks }: { checks: PreflightView['checks'] }) {
  return (
    <ul className="divide-y divide-border rounded-md border border-border bg-card text-sm">
      {checks.map((c) => (
        <li key={c.id} data-testid="preflight-check" data-check={c.id} data-ok={c.ok} className="flex gap-3 px-4 py-2">
          <span
            aria-hidden
            className={`mt-0.5 inline-block h-4 w-4 shrink-0 rounded-full text-center text-[10px] leading-4 text-danger-foreground ${c.ok ? 'bg-success' : 'bg-danger'}`}
          >
            {c.ok ? '✓' : '✗'}
          </span>
          <div>
            <div className="font-medium">
              {c.label} <span className="sr-only">{c.ok ? 'passed' : 'failed'}</span>
            </div>
            <div className={c.ok ? 'text-secondary-foreground' : 'text-danger-strong'}>{c.detail}</div>
          </div>
        </li>
      ))}
    </ul>
  );
}
