'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { toCsv, toMarkdown } from '@cc/ports';

import { useTRPC } from '~/trpc/react';

import { CheckMatrix } from './check-matrix';
import { RequiredPortsTable } from './required-ports-table';
import { useFormat } from '@cc/ui';

export function PortsView({ canRun }: { canRun: boolean }) {
  const trpc = useTRPC();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const lastRun = useQuery(trpc.ports.lastRun.queryOptions());
  const required = useQuery(trpc.ports.required.queryOptions());
  const run = useMutation(
    trpc.ports.run.mutationOptions({
      onSuccess: (result) => queryClient.setQueryData(trpc.ports.lastRun.queryKey(), result),
    }),
  );
  const data = lastRun.data;
  const stamp = data ? data.startedAt.toISOString().replace(/[:.]/g, '-').slice(0, 19) : '';

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Required ports</h1>
          <p className="text-sm text-muted-foreground">
            What must be open between clients, load balancers, frontends, backends and this console, checked against the
            live cluster.
          </p>
        </div>
        <div className="flex gap-2">
          {canRun && (
            <button
              type="button"
              onClick={() => run.mutate()}
              disabled={run.isPending}
              className="rounded bg-primary px-3 py-2 text-sm font-medium text-primary-foreground hover:bg-primary/90 disabled:opacity-60"
            >
              {run.isPending ? 'Checking…' : data ? 'Re-run check' : 'Run check'}
            </button>
          )}
          <button
            type="button"
            disabled={!data}
            onClick={() => data && download(`port-check-${stamp}.csv`, 'text/csv', toCsv(data.cells))}
            className="rounded border border-input bg-card px-3 py-2 text-sm hover:bg-muted/60 disabled:opacity-50"
          >
            Download CSV
          </button>
          <button
            type="button"
            onClick={() =>
              download(
                `required-ports-${stamp || 'checklist'}.md`,
                'text/markdown',
                toMarkdown(data?.cells ?? [], { checkedAt: data?.startedAt }),
              )
            }
            className="rounded border border-input bg-card px-3 py-2 text-sm hover:bg-muted/60"
          >
            Download checklist (Markdown)
          </button>
        </div>
      </div>

      {run.error && (
        <p role="alert" className="rounded bg-danger-soft px-3 py-2 text-sm text-danger-strong">
          {run.error.message}
        </p>
      )}

      <section className="rounded-lg border border-border bg-card">
        <header className="border-b border-border px-4 py-3">
          <h2 className="font-semibold">Live check</h2>
          <p data-testid="port-check-summary" className="text-sm text-secondary-foreground">
            {data
              ? `Checked ${fmt.dateTime(data.startedAt)} by ${data.actorEmail ?? 'system'}: ${data.passed} passed, ${data.failed} failed`
              : lastRun.isLoading
                ? 'Loading…'
                : canRun
                  ? 'Not run yet. Run the check to probe every port below against the live cluster.'
                  : 'Not run yet. A cluster operator can run it.'}
          </p>
        </header>
        {data && <CheckMatrix cells={data.cells} />}
      </section>

      <section className="rounded-lg border border-border bg-card">
        <header className="border-b border-border px-4 py-3">
          <h2 className="font-semibold">Checklist</h2>
          <p className="text-sm text-secondary-foreground">
            Standard ports; the live check uses the ports each node reports.
          </p>
        </header>
        {required.data && <RequiredPortsTable ports={required.data} />}
      </section>
    </div>
  );
}

function download(filename: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
