// Settings propagation: an administrator saves a cluster-wide default through the console's API; how
// long until every node has applied it (node's own appliedAt, same machine clock), and until the
// console shows "applied on 20 of 20". Grows the demo cluster to 20 nodes for the run.
import { randomBytes } from 'node:crypto';
import path from 'node:path';

import { plannedPort, spawnAgent, stopProcess } from '../../scripts/lib/cluster.mjs';

export const name = 'propagation';
export const description = 'Cluster default saved -> applied on all 20 nodes / shown as applied in the console';

const NODES = Number(process.env.BENCH_PROPAGATION_NODES ?? 20);
const ROUNDS = Number(process.env.BENCH_PROPAGATION_ROUNDS ?? 20);

export async function run({ api, agents, dataDir, log }) {
  const extra = await startExtraAgents(Math.max(0, NODES - agents.length), dataDir, log);
  const registered = [];
  try {
    for (const a of extra) {
      const node = await api.mutate('nodes.register', {
        name: a.name,
        role: 'FRONTEND',
        adminUrl: a.adminUrl,
        token: a.token,
      });
      registered.push(node.id);
    }
    const all = [...agents, ...extra];
    log(`propagation: ${all.length} nodes`);
    const toAll = [];
    const perNode = [];
    const shown = [];
    for (let i = 0; i < ROUNDS; i++) {
      const defaults = (await api.query('settings.clusterDefaults')).find((f) => f.family === 'prefs');
      const t0 = Date.now();
      const saved = await api.mutate('settings.updateClusterDefaults', {
        family: 'prefs',
        expectedVersion: defaults.version,
        changes: { messagesPerPage: 20 + (i % 2) * 10 },
      });
      const revision = Number(saved.revision);
      const applied = await until(async () => {
        const configs = await Promise.all(all.map((a) => nodeConfig(a)));
        return configs.every((c) => c && c.revision >= revision) ? configs : null;
      }, 10_000);
      const latencies = applied.map((c) => Date.parse(c.appliedAt) - t0);
      perNode.push(...latencies);
      toAll.push(Math.max(...latencies));
      await until(async () => {
        const status = await api.query('config.status', { limit: 1 });
        return status.overall.applied === all.length && status.overall.total === all.length;
      }, 10_000);
      shown.push(Date.now() - t0);
    }
    return [
      { metric: `Saved -> applied on all ${all.length} nodes`, unit: 'ms', samples: toAll, target: 'p95 ≤ 1,000' },
      { metric: 'Saved -> applied on one node', unit: 'ms', samples: perNode },
      { metric: `Saved -> console shows ${all.length} of ${all.length}`, unit: 'ms', samples: shown },
    ];
  } finally {
    for (const id of registered) await api.mutate('nodes.remove', { id }).catch(() => {});
    await Promise.all(extra.map((a) => stopProcess(a.pid)));
  }
}

async function startExtraAgents(count, dataDir, log) {
  const taken = new Set();
  const nodes = [];
  for (let i = 1; i <= count; i++) {
    const port = await plannedPort(taken);
    const token = randomBytes(24).toString('base64url');
    const node = { name: `prop-frontend-${i}`, role: 'frontend', adminUrl: `http://127.0.0.1:${port}`, token };
    node.args = [
      '--role=frontend',
      `--name=${node.name}`,
      `--admin-port=${port}`,
      '--host=127.0.0.1',
      `--token=${token}`,
      `--data-dir=${path.join(dataDir, 'agents', node.name)}`,
    ];
    nodes.push(node);
  }
  const started = await Promise.allSettled(nodes.map((n) => spawnAgent(n, { log })));
  const ok = started.filter((r) => r.status === 'fulfilled').map((r) => r.value);
  if (ok.length < nodes.length) {
    await Promise.all(ok.map((a) => stopProcess(a.pid)));
    throw started.find((r) => r.status === 'rejected').reason;
  }
  return ok;
}

async function nodeConfig(agent) {
  try {
    const res = await fetch(`${agent.adminUrl}/v1/status`, { headers: { authorization: `Bearer ${agent.token}` } });
    return res.ok ? (await res.json()).config : null;
  } catch {
    return null;
  }
}

async function until(probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
