'use client';

import {
  ACCOUNTS_PER_BACKEND,
  PEAK_CONCURRENCY,
  SESSION_WEIGHTS,
  SESSIONS_PER_BACKEND,
  SESSIONS_PER_FRONTEND,
  type Plan,
  type Tier,
} from '@cc/sizing';

import { Stat } from '~/components/stat';
import { type ColumnDef, DataTable, type Formatter, type RowAttributes, useFormat } from '@cc/ui';
import { useMemo } from 'react';

const big = 'text-lg font-semibold tabular-nums';

function specText(fmt: Formatter, spec: Tier['spec']): string {
  if (!spec) return '—';
  const parts = [`${fmt.integer(spec.ramGb)} GB RAM`];
  if (spec.cores != null) parts.push(`${spec.cores} cores`);
  if (spec.disks != null) parts.push(`${fmt.integer(spec.disks)} disks`);
  return parts.join(' · ');
}

const tierId = (t: Tier) => t.id;
const tierRow = (t: Tier): RowAttributes => ({
  'data-testid': 'sizing-tier',
  'data-tier': t.id,
  className: 'align-top',
});

function useTierColumns(fmt: Formatter): ColumnDef<Tier, unknown>[] {
  return useMemo(
    () => [
      {
        id: 'tier',
        header: 'Tier',
        size: 176,
        meta: { cellClassName: 'font-medium' },
        cell: ({ row: { original: t } }) => (
          <>
            {t.label}
            {t.note && <span className="ml-1.5 text-xs font-normal text-muted-foreground">({t.note})</span>}
          </>
        ),
      },
      {
        id: 'count',
        header: 'Count',
        size: 72,
        meta: { align: 'right', cellClassName: 'tabular-nums' },
        cell: ({ row }) => row.original.count,
      },
      {
        id: 'spec',
        header: 'Per server',
        size: 224,
        meta: { cellClassName: 'tabular-nums text-secondary-foreground' },
        cell: ({ row }) => specText(fmt, row.original.spec),
      },
      {
        id: 'why',
        header: 'Why',
        size: 224,
        meta: { grow: true, cellClassName: 'text-xs text-secondary-foreground' },
        cell: ({ row }) => row.original.reason,
      },
    ],
    [fmt],
  );
}

export function PlanPanel({ plan }: { plan: Plan }) {
  const fmt = useFormat();
  const columns = useTierColumns(fmt);
  const c = plan.interServerConnections;
  return (
    <section aria-labelledby="sizing-plan-heading" className="space-y-3">
      <h2 id="sizing-plan-heading" className="text-sm font-semibold">
        Recommendation
        <span className="ml-2 font-normal text-muted-foreground">
          for {fmt.integer(plan.planned.accounts)} accounts and {fmt.integer(plan.planned.sessions)} sessions
          {plan.planned.years > 0 ? ` in year ${plan.planned.years}` : ''}
        </span>
      </h2>

      <dl className="grid grid-cols-2 divide-border rounded-md border border-border bg-card sm:grid-cols-3 lg:grid-cols-5 lg:divide-x">
        <Stat label="Setup" testId="sizing-setup">
          <span className="font-semibold">{plan.setupLabel}</span>
          <span className="block text-xs text-muted-foreground">
            {plan.tableRow ? `seed row ${fmt.integer(plan.tableRow)} users` : 'beyond the seed table'}
          </span>
        </Stat>
        <Stat label="Frontends" testId="sizing-frontends">
          <span className={big}>{plan.frontends}</span>
          <span className="block text-xs text-muted-foreground">
            {plan.frontends > 0
              ? `${plan.frontendSpec.ramGb} GB · ${plan.frontendSpec.cores} cores each`
              : 'clients connect directly'}
          </span>
        </Stat>
        <Stat label="Backends" testId="sizing-backends">
          <span className={big}>{plan.backends}</span>
          <span className="block text-xs text-muted-foreground">
            {plan.backendSpec.ramGb} GB · {plan.backendSpec.cores} cores each
          </span>
        </Stat>
        <Stat label="Controller PWD channels">
          <span data-testid="controller-channels" className={big}>
            +{fmt.integer(plan.controllerChannels.recommended)}
          </span>
          <span className="block text-xs text-muted-foreground">
            5 × {plan.backends} + 3 × {plan.frontends}; minimum +{fmt.integer(plan.controllerChannels.minimum)}
          </span>
        </Stat>
        <Stat label="Inter-server connections" testId="inter-server-connections">
          <span className={big}>≈ {fmt.integer(c.expected)}</span>
          <span
            className="block text-xs text-muted-foreground"
            title="Symmetric static: M·(N−1)/N; symmetric dynamic: M·(N−1)/N·A/T (M external access connections, N servers, A accounts open per server, T accounts)"
          >
            symmetric: {fmt.integer(c.staticSymmetric)} static · {fmt.integer(c.dynamicSymmetric)} dynamic
          </span>
        </Stat>
      </dl>

      <div
        data-testid="cluster-advised"
        data-advised={plan.clusterAdvised ? 'yes' : 'no'}
        className={`flex items-start gap-3 rounded-md border px-4 py-2.5 text-sm ${plan.clusterAdvised ? 'border-violet-500/40 bg-violet-500/10 text-violet-900 dark:text-violet-300' : 'border-border bg-card text-secondary-foreground'}`}
      >
        <span className="shrink-0 font-semibold">
          Cluster advised:{' '}
          <span
            className={`rounded px-1.5 py-px text-xs ${plan.clusterAdvised ? 'bg-violet-600 text-white' : 'bg-muted text-secondary-foreground'}`}
          >
            {plan.clusterAdvised ? 'Yes' : 'No'}
          </span>
        </span>
        <span>{plan.clusterReason}</span>
      </div>

      <DataTable
        label="Recommended topology"
        testId="sizing-recommendation"
        data={plan.tiers}
        columns={columns}
        getRowId={tierId}
        rowAttributes={tierRow}
        enableSorting={false}
        footer={
          <>
            <span className="mr-2 text-sm font-medium text-foreground">Network</span>
            {plan.network}
          </>
        }
      />

      <div className="grid gap-3 lg:grid-cols-[2fr_1fr]">
        <section aria-labelledby="sizing-reasons-heading" className="rounded-md border border-border bg-card">
          <h3 id="sizing-reasons-heading" className="border-b border-border px-4 py-2 text-sm font-semibold">
            Why this topology
          </h3>
          <ul
            data-testid="sizing-reasons"
            className="list-disc space-y-1 py-2.5 pl-8 pr-4 text-sm text-secondary-foreground"
          >
            {plan.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="sizing-assumptions-heading" className="rounded-md border border-border bg-card">
          <h3 id="sizing-assumptions-heading" className="border-b border-border px-4 py-2 text-sm font-semibold">
            Assumptions
          </h3>
          <dl className="grid grid-cols-[1fr_auto] gap-x-3 gap-y-1 px-4 py-2.5 text-xs">
            <dt className="text-muted-foreground">Accounts per backend (seed’s largest row)</dt>
            <dd className="text-right tabular-nums">{fmt.integer(ACCOUNTS_PER_BACKEND)}</dd>
            <dt className="text-muted-foreground">Peak concurrency</dt>
            <dd className="text-right tabular-nums">{PEAK_CONCURRENCY * 100} %</dd>
            <dt className="text-muted-foreground">Sessions per backend (IMAP-equivalent)</dt>
            <dd className="text-right tabular-nums">{fmt.integer(SESSIONS_PER_BACKEND)}</dd>
            <dt className="text-muted-foreground">Sessions per frontend (IMAP-equivalent)</dt>
            <dd className="text-right tabular-nums">{fmt.integer(SESSIONS_PER_FRONTEND)}</dd>
            <dt className="text-muted-foreground">Session weight IMAP · POP · WebUser · SMTP</dt>
            <dd className="text-right tabular-nums">
              {SESSION_WEIGHTS.imap} · {SESSION_WEIGHTS.pop} · {SESSION_WEIGHTS.webUser} · {SESSION_WEIGHTS.smtp}
            </dd>
          </dl>
        </section>
      </div>
    </section>
  );
}
