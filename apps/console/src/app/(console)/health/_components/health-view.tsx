'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';

import { useTRPC } from '~/trpc/react';

import { FindingActions } from './finding-actions';
import { ThresholdsForm } from './thresholds-form';
import { useFormat } from '@cc/ui';

const SEVERITY_CLASS: Record<string, string> = {
  critical: 'bg-danger-soft text-danger-strong',
  warning: 'bg-warning-soft text-warning-strong',
  info: 'bg-muted text-secondary-foreground',
};

export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${SEVERITY_CLASS[severity] ?? ''}`}>{severity}</span>
  );
}

export function HealthView(props: {
  canAct: boolean;
  canReadThresholds: boolean;
  canManage: boolean;
  canSeeNotifications: boolean;
}) {
  const trpc = useTRPC();
  const fmt = useFormat();
  const [status, setStatus] = useState<'active' | 'all'>('all');
  // The evaluator runs every second beside the collector: poll as often, so a new finding shows at once.
  const findings = useQuery({ ...trpc.health.findings.queryOptions({ status }), refetchInterval: 1000 });
  const active = findings.data?.active ?? [];
  const closed = findings.data?.closed ?? [];

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Health</h1>
          <p className="text-sm text-muted-foreground">
            Problems the console finds in the cluster, checked every second. Each closes by itself when the condition
            ends.
          </p>
        </div>
        {props.canSeeNotifications && (
          <Link href="/health/notifications" className="text-sm text-primary hover:underline">
            Notification channels →
          </Link>
        )}
      </div>

      <section className="rounded-lg border border-border bg-card" aria-labelledby="active-findings">
        <header className="flex items-center justify-between border-b border-border px-4 py-3">
          <h2 id="active-findings" className="font-semibold">
            Active findings <span data-testid="active-count">({active.length})</span>
          </h2>
          <label className="text-sm text-secondary-foreground">
            <input
              type="checkbox"
              className="mr-1"
              checked={status === 'all'}
              onChange={(e) => setStatus(e.target.checked ? 'all' : 'active')}
            />
            Show recently closed
          </label>
        </header>
        {findings.error && <p className="px-4 py-3 text-sm text-danger-strong">{findings.error.message}</p>}
        {active.length === 0 && !findings.isLoading && (
          <p data-testid="no-findings" className="px-4 py-6 text-sm text-muted-foreground">
            No active findings.
          </p>
        )}
        <ul className="divide-y divide-border">
          {active.map((f) => (
            <li key={f.id} data-testid="finding" data-kind={f.kind} className="space-y-1 px-4 py-3">
              <div className="flex flex-wrap items-center gap-2">
                <SeverityBadge severity={f.severity} />
                <span className="font-medium">{f.summary}</span>
                <span className="text-xs text-muted-foreground">since {fmt.dateTime(f.openedAt)}</span>
                {f.acknowledgedBy && (
                  <span className="text-xs text-muted-foreground" title={f.acknowledgeReason ?? ''}>
                    · acknowledged by {f.acknowledgedBy}
                  </span>
                )}
                {f.silenced && (
                  <span className="text-xs text-muted-foreground" title={f.silenceReason ?? ''}>
                    · silenced until {fmt.dateTime(f.silencedUntil)}
                  </span>
                )}
              </div>
              <p className="text-sm text-secondary-foreground">{f.explanation}</p>
              <p className="text-sm text-secondary-foreground">
                <span className="font-medium">Suggested action:</span> {f.suggestedAction}
              </p>
              <div className="flex flex-wrap items-center gap-3 text-sm">
                {f.links.map((l) => (
                  <Link key={l.href + l.label} href={l.href} className="text-primary hover:underline">
                    {l.label}
                  </Link>
                ))}
                {props.canAct && <FindingActions finding={f} />}
              </div>
            </li>
          ))}
        </ul>
      </section>

      {status === 'all' && (
        <section className="rounded-lg border border-border bg-card" aria-labelledby="closed-findings">
          <h2 id="closed-findings" className="border-b border-border px-4 py-3 font-semibold">
            Closed in the last 7 days
          </h2>
          {closed.length === 0 && <p className="px-4 py-6 text-sm text-muted-foreground">Nothing closed recently.</p>}
          <ul className="divide-y divide-border">
            {closed.map((f) => (
              <li key={f.id} data-testid="closed-finding" data-kind={f.kind} className="px-4 py-2 text-sm">
                <SeverityBadge severity={f.severity} /> <span className="font-medium">{f.summary}</span>{' '}
                <span className="text-muted-foreground">
                  {fmt.dateTime(f.openedAt)} – {fmt.dateTime(f.closedAt)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {props.canReadThresholds && <ThresholdsForm canManage={props.canManage} />}
    </div>
  );
}
