import Link from 'next/link';

import type { ClusterOverview, NodeState } from './api-types';
import { STATE_STYLES } from './node-state-badge';
import { Stat } from './stat';
import { Tooltip, useFormat } from '@cc/ui';

const STATE_ORDER: NodeState[] = ['ready', 'draining', 'drained', 'non-ready', 'down', 'unknown'];

/** A leader's name on one line: a long one is cut with an ellipsis and shown whole in a tooltip. */
function NodeLink({ node }: { node: { id: string; name: string } | null }) {
  if (!node) return <span className="text-muted-foreground">none</span>;
  return (
    <Tooltip content={node.name}>
      <Link
        href={`/nodes/${node.id}`}
        className="block min-w-0 truncate font-medium text-primary hover:underline"
        data-testid="leader-link"
      >
        {node.name}
      </Link>
    </Tooltip>
  );
}

/** The Single Service Image headline: totals across every node, not just the visible page. */
export function ClusterTotals({ overview }: { overview: ClusterOverview | undefined }) {
  const fmt = useFormat();
  const o = overview;
  const s = o?.sessions;
  return (
    <dl
      data-testid="cluster-totals"
      aria-busy={!o}
      className="grid grid-cols-2 divide-border rounded-md border border-border bg-card sm:grid-cols-4 lg:grid-cols-9 lg:divide-x"
    >
      <Stat
        label="Nodes"
        title={o ? `${fmt.integer(o.frontends)} frontends, ${fmt.integer(o.backends)} backends` : undefined}
      >
        <span data-testid="total-nodes" className="text-lg font-semibold tabular-nums">
          {o ? fmt.integer(o.nodes) : '…'}
        </span>
        {o && (
          <span className="block text-xs text-muted-foreground">
            {fmt.integer(o.frontends)} FE · {fmt.integer(o.backends)} BE
          </span>
        )}
      </Stat>
      <div className="col-span-2 min-w-0 px-4 py-2.5 sm:col-span-3 lg:col-span-2">
        <dt className="text-[11px] font-medium uppercase tracking-wide text-muted-foreground">States</dt>
        <dd className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-xs">
          {STATE_ORDER.map((state) => {
            const n = o?.states[state] ?? 0;
            return (
              <span
                key={state}
                data-testid={`total-state-${state}`}
                className={`inline-flex items-center gap-1 tabular-nums ${n === 0 ? 'text-muted-foreground' : 'text-foreground'}`}
              >
                <span aria-hidden className={`size-2 rounded-full ${STATE_STYLES[state].dot}`} />
                {STATE_STYLES[state].label} <strong className="font-semibold">{o ? fmt.integer(n) : '…'}</strong>
              </span>
            );
          })}
        </dd>
      </div>
      <Stat
        label="Sessions"
        title={
          s
            ? `IMAP ${fmt.integer(s.imap)} · POP ${fmt.integer(s.pop)} · SMTP ${fmt.integer(s.smtp)} · HTTP ${fmt.integer(s.http)}`
            : undefined
        }
      >
        <span data-testid="total-sessions" className="text-lg font-semibold tabular-nums">
          {s ? fmt.integer(s.total) : '…'}
        </span>
        {o?.queue && (
          <span data-testid="total-queue" className="block text-xs tabular-nums text-muted-foreground">
            queue {fmt.integer(o.queue.total)} ({fmt.integer(o.queue.deferred)} deferred)
          </span>
        )}
      </Stat>
      <Stat truncate label="By protocol">
        {s ? (
          <span className="text-xs tabular-nums text-secondary-foreground">
            IMAP {fmt.integer(s.imap)} · POP {fmt.integer(s.pop)}
            <br />
            SMTP {fmt.integer(s.smtp)} · HTTP {fmt.integer(s.http)}
          </span>
        ) : (
          '…'
        )}
      </Stat>
      <Stat truncate label="Accounts open">
        <span className="text-lg font-semibold tabular-nums">{o ? fmt.integer(o.accountsOpen) : '…'}</span>
      </Stat>
      <Stat truncate label="Avg CPU">
        <span className="text-lg font-semibold tabular-nums">{o ? fmt.percent(o.avgCpuPercent) : '…'}</span>
      </Stat>
      {/* Two columns wide, one line per leader in the label's order: the Backup's name is no longer cut off after the Controller's. */}
      <Stat label="Controller / Backup" className="col-span-2">
        {(['controller', 'backup'] as const).map((role) => (
          <span key={role} className="flex min-w-0 items-baseline gap-1.5">
            <span className="sr-only">{role === 'controller' ? 'Controller:' : 'Backup:'}</span>
            <span data-testid={`cluster-${role}`} className="min-w-0 flex-1">
              {o ? <NodeLink node={o[role]} /> : '…'}
            </span>
          </span>
        ))}
      </Stat>
    </dl>
  );
}

/** Shown whenever the collector lease is stale: every state on screen is then Unknown, say why. */
export function CollectorDownBanner({ heartbeatAt }: { heartbeatAt: number | null }) {
  const fmt = useFormat();
  return (
    <div
      data-testid="collector-down"
      role="status"
      className="flex items-start gap-2 rounded-md border border-warning-border bg-warning-soft px-4 py-2.5 text-sm text-warning-strong"
    >
      <span aria-hidden className="mt-0.5 font-bold">
        !
      </span>
      <div>
        <strong className="font-semibold">Status collector is not running — states are Unknown.</strong>{' '}
        <span className="text-warning-strong">
          {heartbeatAt ? `Last heartbeat ${fmt.dateTime(heartbeatAt)}.` : 'No collector has ever reported.'} Node states
          will return once a console process holds the collector lease.
        </span>
      </div>
    </div>
  );
}
