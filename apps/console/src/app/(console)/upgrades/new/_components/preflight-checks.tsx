'use client';

import type { PreflightView } from '~/components/api-types';

/** Step 2: each check with pass/fail and its reason. */
export function PreflightChecks({ checks }: { checks: PreflightView['checks'] }) {
  return (
    <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white text-sm">
      {checks.map((c) => (
        <li key={c.id} data-testid="preflight-check" data-check={c.id} data-ok={c.ok} className="flex gap-3 px-4 py-2">
          <span
            aria-hidden
            className={`mt-0.5 inline-block h-4 w-4 shrink-0 rounded-full text-center text-[10px] leading-4 text-white ${c.ok ? 'bg-emerald-500' : 'bg-red-500'}`}
          >
            {c.ok ? '✓' : '✗'}
          </span>
          <div>
            <div className="font-medium">
              {c.label} <span className="sr-only">{c.ok ? 'passed' : 'failed'}</span>
            </div>
            <div className={c.ok ? 'text-slate-600' : 'text-red-700'}>{c.detail}</div>
          </div>
        </li>
      ))}
    </ul>
  );
}
