'use client';

import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';

import {
  compareWithCluster,
  DEFAULT_SIZING_INPUT,
  planCluster,
  ZSizingInput,
  type CurrentCluster,
  type Plan,
  type TSizingInput,
} from '@cc/sizing';
import { useFormat } from '@cc/ui';

import { CollectorDownBanner } from '~/components/cluster-totals';
import { useTRPC } from '~/trpc/react';

import { ClusterComparison } from './cluster-comparison';
import { PlanPanel } from './plan-panel';
import { SizingForm } from './sizing-form';
import { inputFromParams, liveInput, paramsOf } from './sizing-params';

/** Live load changes slowly against a plan: a quiet poll, no stream. */
const LIVE_REFRESH_MS = 5000;
/** The API's page-size cap: per-node findings cover at most this many nodes. */
const NODES_PAGE = 500;

export function SizingView() {
  const trpc = useTRPC();
  const searchParams = useSearchParams();
  // The URL wins when it carries inputs (a reload or a shared link); a bare page starts from the live cluster.
  const [fromUrl] = useState(() => inputFromParams(searchParams, DEFAULT_SIZING_INPUT));
  const baseline = useQuery(trpc.cluster.sizingBaseline.queryOptions());
  const live = useMemo(() => (baseline.data ? liveInput(baseline.data) : null), [baseline.data]);
  const start = fromUrl.fromUrl ? fromUrl.input : (live ?? (baseline.error ? DEFAULT_SIZING_INPUT : null));
  const [edited, setEdited] = useState<TSizingInput | null>(null);
  const values = edited ?? start;

  const onChange = useCallback((next: TSizingInput) => {
    setEdited({ ...next });
    // Not router.replace: no server round trip per keystroke; Next keeps useSearchParams in step.
    window.history.replaceState(null, '', `${window.location.pathname}?${paramsOf(next)}`);
  }, []);

  // Planning is pure and fast: recompute on every change, no submit.
  const plan = useMemo((): Plan | null => {
    if (!values) return null;
    const parsed = ZSizingInput.safeParse(values);
    return parsed.success ? planCluster(parsed.data) : null;
  }, [values]);

  const overview = useQuery(trpc.cluster.overview.queryOptions(undefined, { refetchInterval: LIVE_REFRESH_MS }));
  const list = useQuery(trpc.nodes.list.queryOptions({ pageSize: NODES_PAGE }, { refetchInterval: LIVE_REFRESH_MS }));

  const current = useMemo((): CurrentCluster | null => {
    const o = overview.data;
    const l = list.data;
    if (!o || !l) return null;
    return {
      frontends: o.frontends,
      backends: o.backends,
      sessionsNow: o.sessions.total,
      accountsOpenNow: o.accountsOpen,
      nodes: l.items.map((n) => ({
        name: n.name,
        role: n.role,
        state: n.state,
        sessions: n.sessions.total,
        cpuPercent: n.cpuPercent,
      })),
    };
  }, [overview.data, list.data]);
  const comparison = useMemo(() => (plan && current ? compareWithCluster(plan, current) : null), [plan, current]);
  const liveError = overview.error ?? list.error;
  const collector = overview.data?.collector;

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Sizing planner</h1>
        <p className="text-sm text-muted-foreground">
          Recommended topology from the IceWarp sizing table and CommuniGate Pro cluster rules, checked against the live
          cluster.
        </p>
      </div>

      <div className="grid items-start gap-4 lg:grid-cols-[18rem_minmax(0,1fr)]">
        <div className="space-y-2">
          {baseline.data && <LiveFiguresNote figures={baseline.data} />}
          {start ? (
            <SizingForm
              defaultValues={start}
              resetTo={
                live
                  ? { label: 'Reset to the live cluster', input: live }
                  : { label: 'Reset to defaults', input: DEFAULT_SIZING_INPUT }
              }
              onChange={onChange}
            />
          ) : (
            <p className="text-sm text-muted-foreground">Reading the live cluster…</p>
          )}
        </div>

        <div className="min-w-0 space-y-4">
          {plan ? (
            <PlanPanel plan={plan} />
          ) : !values ? null : (
            <p
              role="status"
              className="rounded-md border border-warning-border bg-warning-soft px-4 py-3 text-sm text-warning-strong"
            >
              Correct the highlighted inputs to see the recommendation.
            </p>
          )}

          <section aria-labelledby="sizing-live-heading" className="rounded-md border border-border bg-card">
            <h2 id="sizing-live-heading" className="border-b border-border px-4 py-2.5 text-sm font-semibold">
              Against the live cluster
            </h2>
            {collector && !collector.alive && (
              <div className="px-4 pt-3">
                <CollectorDownBanner heartbeatAt={collector.heartbeatAt} />
              </div>
            )}
            {liveError && !current ? (
              <p role="alert" className="px-4 py-3 text-sm text-danger-strong">
                Could not load the live cluster: {liveError.message}
              </p>
            ) : !current ? (
              <p className="px-4 py-6 text-sm text-muted-foreground">Loading the live cluster…</p>
            ) : !plan || !comparison ? (
              <p className="px-4 py-6 text-sm text-muted-foreground">The comparison appears with a valid plan.</p>
            ) : (
              <ClusterComparison
                comparison={comparison}
                current={current}
                horizonYears={plan.planned.years}
                partial={
                  list.data && list.data.total > list.data.items.length
                    ? { shown: list.data.items.length, total: list.data.total }
                    : null
                }
              />
            )}
          </section>
        </div>
      </div>
    </div>
  );
}

/** Where the inputs started: the cluster's own figures, so the plan is about this site. */
function LiveFiguresNote({
  figures: f,
}: {
  figures: {
    accounts: number;
    nodes: number;
    sessions: { total: number };
    storage: { usedBytes: number; totalBytes: number } | null;
  };
}) {
  const fmt = useFormat();
  return (
    <p className="text-xs text-muted-foreground" data-testid="sizing-baseline">
      Live cluster: {fmt.integer(f.accounts)} accounts, {fmt.integer(f.nodes)} nodes, {fmt.integer(f.sessions.total)}{' '}
      sessions now
      {f.storage && `, ${fmt.bytes(f.storage.usedBytes)} of ${fmt.bytes(f.storage.totalBytes)} mail storage used`}.
    </p>
  );
}
