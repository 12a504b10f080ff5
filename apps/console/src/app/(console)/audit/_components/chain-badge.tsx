'use client';

import { useQuery } from '@tanstack/react-query';

import { useTRPC } from '~/trpc/react';
import { useFormat } from '@cc/ui';

/** "Chain intact" or "Broken at entry N", from the server's hash-chain check; Re-verify reads every entry again. */
export function ChainBadge() {
  const fmt = useFormat();
  const trpc = useTRPC();
  const status = useQuery(trpc.audit.verify.queryOptions({ full: false }, { staleTime: 30_000 }));
  // The server keeps one state per process: after a full pass, the quick check reports it.
  const full = useQuery(trpc.audit.verify.queryOptions({ full: true }, { enabled: false }));
  const data = status.data;
  const busy = status.isFetching || full.isFetching;

  const label = !data
    ? status.error
      ? 'Chain not checked'
      : 'Checking chain…'
    : data.intact
      ? 'Chain intact'
      : `Broken at entry ${data.brokenAt}`;
  const tone = !data
    ? 'border-border bg-muted/60 text-secondary-foreground'
    : data.intact
      ? 'border-success-border bg-success-soft text-success-strong'
      : 'border-danger-border bg-danger-soft text-danger-strong';
  const detail = data
    ? `${data.reason}. ${fmt.integer(data.checked)} entries linked${data.unchained ? `, ${fmt.integer(data.unchained)} from before the chain` : ''}; every entry re-read ${fmt.dateTime(data.fullCheckAt)}, new ones checked ${fmt.dateTime(data.checkedAt)}.`
    : (status.error?.message ?? 'The server recomputes the hash of every entry.');

  return (
    <div className="flex items-center gap-2">
      <span
        data-testid="audit-chain-badge"
        role="status"
        title={detail}
        className={`inline-flex items-center gap-1.5 rounded-full border px-2.5 py-1 text-xs font-semibold ${tone}`}
      >
        <span aria-hidden>{!data ? '…' : data.intact ? '✓' : '✗'}</span>
        {label}
      </span>
      <button
        type="button"
        disabled={busy}
        onClick={async () => {
          await full.refetch();
          await status.refetch();
        }}
        className="text-xs text-secondary-foreground underline-offset-2 hover:underline disabled:opacity-50"
      >
        {full.isFetching ? 'Verifying every entry…' : 'Re-verify all'}
      </button>
    </div>
  );
}
