import type { PrismaClient } from '@cc/db';

import { clusterOverview } from '../nodes/cluster-overview';
import { collectorHealth } from '../nodes/list-nodes';
import { collectorRounds, LATENCY_BUCKETS, latency, requestCounts } from './registry';

type Labels = Record<string, string>;

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labelText = (l: Labels) => {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${escape(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};
const num = (v: number) => (Number.isFinite(v) ? String(v) : v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN');

/** Prometheus text exposition format (version 0.0.4), written by hand: a few families, no registry. */
class Writer {
  private lines: string[] = [];
  family(name: string, type: 'gauge' | 'counter' | 'histogram', help: string, samples: Array<[Labels, number]>) {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [l, v] of samples) this.lines.push(`${name}${labelText(l)} ${num(v)}`);
  }
  raw(line: string) {
    this.lines.push(line);
  }
  text() {
    return `${this.lines.join('\n')}\n`;
  }
}

interface LagRow {
  name: string;
  applied: bigint | null;
  oldestUnapplied: Date | null;
  queue: number | null;
  diskUsed: number | null;
  diskTotal: number | null;
}

export async function renderMetrics(prisma: PrismaClient, now = Date.now()): Promise<string> {
  const [overview, health, findings, desired, lag] = await Promise.all([
    clusterOverview(prisma, now),
    collectorHealth(prisma, now),
    prisma.healthFinding.groupBy({ by: ['kind', 'severity'], where: { closedAt: null }, _count: { _all: true } }),
    prisma.configRevision.findFirst({ orderBy: { id: 'desc' }, select: { id: true } }),
    prisma.$queryRaw<LagRow[]>`
      SELECT n.name, s."configRevision" AS applied, s."queueTotal" AS queue,
        s."diskUsedBytes" AS "diskUsed", s."diskTotalBytes" AS "diskTotal",
        (SELECT min(r.at) FROM config_revision r WHERE r.id > coalesce(s."configRevision", 0)) AS "oldestUnapplied"
      FROM node n LEFT JOIN node_status s ON s."nodeId" = n.id ORDER BY n.name`,
  ]);
  const w = new Writer();
  w.family(
    'cc_nodes',
    'gauge',
    'Registered nodes by state (down and unknown are the console verdicts).',
    Object.entries(overview.states).map(([state, n]) => [{ state }, n]),
  );
  const { imap, pop, smtp, http } = overview.sessions;
  w.family(
    'cc_sessions',
    'gauge',
    'Open client sessions on live nodes, by protocol.',
    Object.entries({ imap, pop, smtp, http }).map(([protocol, n]) => [{ protocol }, n]),
  );
  w.family('cc_accounts_open', 'gauge', 'Accounts with an open session on live nodes.', [[{}, overview.accountsOpen]]);
  w.family(
    'cc_findings_active',
    'gauge',
    'Open health findings by kind and severity.',
    findings.map((f) => [{ kind: f.kind, severity: f.severity }, f._count._all]),
  );
  const top = desired?.id ?? 0n;
  w.family('cc_config_desired_revision', 'gauge', 'Newest configuration revision.', [[{}, Number(top)]]);
  w.family(
    'cc_config_lag_revisions',
    'gauge',
    'Desired configuration revision minus the one each node applied.',
    lag.map((r) => [{ node: r.name }, Number(top - (r.applied ?? 0n))]),
  );
  w.family(
    'cc_config_lag_seconds',
    'gauge',
    'How long each node has been behind: age of the oldest revision it has not applied (0 when current).',
    lag.map((r) => [{ node: r.name }, r.oldestUnapplied ? Math.max(0, (now - r.oldestUnapplied.getTime()) / 1000) : 0]),
  );
  w.family(
    'cc_mail_queue_messages',
    'gauge',
    'Messages in the mail queue of each node that has one (Postfix frontends), as last reported.',
    lag.filter((r) => r.queue !== null).map((r) => [{ node: r.name }, r.queue!]),
  );
  w.family(
    'cc_node_disk_used_ratio',
    'gauge',
    "Share (0-1) of each node's mail file system in use, as last reported (absent when the agent does not say).",
    lag
      .filter((r) => r.diskUsed !== null && r.diskTotal !== null && r.diskTotal > 0)
      .map((r) => [{ node: r.name }, r.diskUsed! / r.diskTotal!]),
  );
  w.family('cc_collector_alive', 'gauge', '1 when a collector heartbeat is recent.', [[{}, health.alive ? 1 : 0]]);
  w.family(
    'cc_collector_heartbeat_age_seconds',
    'gauge',
    'Seconds since the leading collector last proved it is alive.',
    health.heartbeatAt === null ? [] : [[{}, Math.max(0, (now - health.heartbeatAt) / 1000)]],
  );
  const rounds = collectorRounds();
  w.family(
    'cc_collector_round_seconds',
    'gauge',
    "Duration of this process's last collector round (absent unless it leads).",
    rounds.lastRoundMs === null ? [] : [[{}, rounds.lastRoundMs / 1000]],
  );
  w.family(
    'cc_collector_round_age_seconds',
    'gauge',
    "Seconds since this process's last collector round ended (absent unless it leads).",
    rounds.lastRoundAt === null ? [] : [[{}, (now - rounds.lastRoundAt) / 1000]],
  );
  w.family('cc_collector_rounds_total', 'counter', 'Collector rounds run by this process.', [[{}, rounds.rounds]]);
  const mem = process.memoryUsage();
  w.family(
    'cc_console_memory_bytes',
    'gauge',
    "This console process's memory: resident, V8 heap used and reserved, and memory outside the heap.",
    Object.entries({
      resident: mem.rss,
      heap_used: mem.heapUsed,
      heap_total: mem.heapTotal,
      external: mem.external,
      array_buffers: mem.arrayBuffers,
    }).map(([kind, bytes]) => [{ kind }, bytes]),
  );
  writeLatency(w);
  return w.text();
}

function writeLatency(w: Writer) {
  w.family(
    'cc_trpc_requests_total',
    'counter',
    'tRPC HTTP requests (/api/trpc) by method and status code.',
    requestCounts().map((r) => [{ method: r.method, code: r.code }, r.count]),
  );
  const name = 'cc_trpc_request_duration_seconds';
  const s = latency();
  w.raw(`# HELP ${name} tRPC HTTP request latency (/api/trpc), from arrival to the response head.`);
  w.raw(`# TYPE ${name} histogram`);
  LATENCY_BUCKETS.forEach((le, i) => w.raw(`${name}_bucket{le="${le}"} ${s.counts[i]}`));
  w.raw(`${name}_bucket{le="+Inf"} ${s.count}`);
  w.raw(`${name}_sum ${s.sum}`);
  w.raw(`${name}_count ${s.count}`);
}
