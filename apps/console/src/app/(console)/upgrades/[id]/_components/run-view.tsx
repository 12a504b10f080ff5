'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';

import { ErrorPanel, NotFoundPanel, Panel } from '~/components/panel';
import { useTRPC } from '~/trpc/react';

import { RunStateBadge } from '../../_components/run-state-badge';
import { RunControls } from './run-controls';
import { RunEta } from './run-eta';
import { RunSteps } from './run-steps';
import { useFormat } from '@cc/ui';

const LEVEL: Record<string, string> = {
  info: 'text-secondary-foreground',
  warning: 'text-warning-strong',
  error: 'text-danger-strong',
};

/** A run, live: it executes on the server, so this page only watches and sends requests. */
export function RunView({ id, canControl }: { id: string; canControl: boolean }) {
  const fmt = useFormat();
  const trpc = useTRPC();
  const run = useQuery(
    trpc.upgrades.get.queryOptions(
      { id },
      {
        retry: (n, e) => e.data?.code !== 'NOT_FOUND' && e.data?.code !== 'BAD_REQUEST' && n < 3,
        refetchInterval: (q) => (['completed', 'aborted'].includes(q.state.data?.state ?? '') ? 10_000 : 1000),
      },
    ),
  );
  if (run.error?.data?.code === 'NOT_FOUND' || run.error?.data?.code === 'BAD_REQUEST')
    return (
      <NotFoundPanel title="Upgrade run not found" backHref="/upgrades" backLabel="All upgrades" testId="run-not-found">
        There is no upgrade run with this id.
      </NotFoundPanel>
    );
  if (run.error) return <ErrorPanel>{run.error.message}</ErrorPanel>;
  const r = run.data;
  if (!r) return <p className="text-sm text-muted-foreground">Loading…</p>;
  const done = r.steps.filter((s) => s.phase === 'done').length;
  const t = r.timeline;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <Link href="/upgrades" className="text-sm text-primary hover:underline">
          ← Upgrades
        </Link>
        <h1 className="text-xl font-semibold tracking-tight">Upgrade to {r.targetVersion}</h1>
        <RunStateBadge state={r.state} request={r.request} />
        <span className="text-sm text-secondary-foreground" data-testid="run-progress">
          {done} of {r.steps.length} nodes done
        </span>
        <RunEta run={r} />
      </div>
      {r.message && (
        <p
          data-testid="run-message"
          role={r.state === 'failed' ? 'alert' : 'status'}
          className={`rounded-md border px-4 py-2 text-sm ${r.state === 'failed' ? 'border-danger-border bg-danger-soft text-danger-strong' : 'border-border bg-card'}`}
        >
          {r.message}
        </p>
      )}
      <p className="text-xs text-muted-foreground">
        Started {fmt.dateTime(r.startedAt)} by {r.createdByEmail ?? 'unknown'} · drain deadline {r.drainDeadlineSeconds}{' '}
        s, then {r.deadlineAction === 'wait' ? 'keep waiting' : 'end remaining sessions'}
        {r.pauseAfterEachNode ? ' · pauses after each node' : ''}
        {t.wallMs !== null && ` · took ${fmt.duration(t.wallMs)}`}
        {t.overhead !== null && r.finishedAt && (
          <span data-testid="run-overhead"> · overhead {fmt.ratio(t.overhead)} the nodes' drain and restart time</span>
        )}
      </p>
      {canControl ? (
        <RunControls run={r} />
      ) : (
        ['running', 'paused'].includes(r.state) && (
          <p className="text-sm text-muted-foreground">
            You can watch this run; only operators with Can Control Cluster act on it.
          </p>
        )
      )}
      <Panel title="Nodes">
        <RunSteps steps={r.steps} />
      </Panel>
      <Panel title="Log">
        <ol className="max-h-96 space-y-1 overflow-y-auto font-mono text-xs" data-testid="run-events">
          {[...r.events].reverse().map((e) => (
            <li key={e.id} className={LEVEL[e.level] ?? ''}>
              <span className="text-muted-foreground">{fmt.dateTime(e.at)}</span>{' '}
              {e.nodeName && <strong>{e.nodeName}: </strong>}
              {e.message}
            </li>
          ))}
        </ol>
      </Panel>
    </div>
  );
}
