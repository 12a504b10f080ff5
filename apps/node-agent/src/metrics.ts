// Prometheus text exposition (format 0.0.4) of a node's status.
import type { NodeInfo, NodeStatus } from '@cc/node-api';
import { SESSION_PROTOCOLS } from '@cc/node-api';

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (l: Record<string, string>) =>
  `{${Object.entries(l)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',')}}`;

export function renderMetrics(info: NodeInfo, status: NodeStatus, upSeconds: number): string {
  const out: string[] = [];
  type Samples = Array<[Record<string, string> | null, number]>;
  const family = (type: 'gauge' | 'counter') => (name: string, help: string, samples: Samples) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [l, v] of samples) out.push(`${name}${l ? labels(l) : ''} ${v}`);
  };
  const gauge = family('gauge');
  const { load } = status;
  gauge('cc_node_info', 'Static facts about the node; the value is always 1.', [
    [{ name: info.name, role: info.role, driver: info.driver, version: info.softwareVersion, id: info.id }, 1],
  ]);
  gauge(
    'cc_node_sessions',
    'Open client sessions by protocol.',
    SESSION_PROTOCOLS.map((protocol) => [{ protocol }, load.sessions[protocol]]),
  );
  gauge('cc_node_accounts_open', 'Distinct accounts with at least one open session.', [[null, load.accountsOpen]]);
  gauge('cc_node_cpu_percent', 'CPU usage in percent (0-100).', [[null, load.cpuPercent]]);
  gauge('cc_node_memory_used_bytes', 'Memory in use.', [[null, load.memory.usedBytes]]);
  gauge('cc_node_memory_total_bytes', 'Memory installed.', [[null, load.memory.totalBytes]]);
  gauge('cc_node_ready', '1 when the node accepts new sessions, else 0.', [
    [null, status.readiness === 'ready' ? 1 : 0],
  ]);
  const counters = status.sessionCounters;
  if (counters) {
    const counter = family('counter');
    counter('cc_node_sessions_started_total', 'Sessions started since the agent started.', [[null, counters.started]]);
    counter('cc_node_sessions_ended_total', 'Sessions ended since the agent started, by who ended them.', [
      [{ by: 'normal' }, counters.endedNormally],
      [{ by: 'admin' }, counters.endedByAdmin],
    ]);
  }
  gauge('cc_node_up_seconds', 'Seconds since the agent started.', [[null, Math.round(upSeconds * 1000) / 1000]]);
  return `${out.join('\n')}\n`;
}
