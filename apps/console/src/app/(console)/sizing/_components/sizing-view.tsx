'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';

import {
  compareWithCluster,
  planCluster,
  sizingFieldErrors,
  ZSizingInput,
  type CurrentCluster,
  type Plan,
} from '@cc/sizing';

import { CollectorDownBanner } from '~/components/cluster-totals';
import { useTRPC } from '~/trpc/react';

import { ClusterComparison } from './cluster-comparison';
import { PlanPanel } from './plan-panel';
import { defaultFormValues, SizingForm, toSizingInput, type SizingFormValues } from './sizing-form';

/** Live load changes slowly against a plan: a quiet poll, no stream. */
const LIVE_REFRESH_MS = 5000;
/** The API's page-size cap: per-node findings cover at most this many nodes. */
const NODES_PAGE = 500;

export function SizingView() {
  const trpc = useTRPC();
  const [values, setValues] = useState<SizingFormValues>(defaultFormValues);

  // Planning is pure and fast: recompute on every change, no submit.
  const { errors, plan } = useMemo((): { errors: Record<string, string[]>; plan: Plan | null } => {
    const raw = toSizingInput(values);
    const parsed = ZSizingInput.safeParse(raw);
    return parsed.success
      ? { errors: {}, plan: planCluster(parsed.data) }
      : { errors: sizingFieldErrors(raw), plan: null };
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
        <SizingForm values={values} errors={errors} onChange={setValues} />

        <div className="min-w-0 space-y-4">
          {plan ? (
            <PlanPanel plan={plan} />
          ) : (
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
