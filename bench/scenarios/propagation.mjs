// Settings propagation: an administrator saves a cluster-wide default through the console's API; how
// long until every node has applied it (node's own appliedAt, same machine clock), and until the
// console shows "applied on N of N". Grows the demo cluster to 20 nodes for the run; with a fleet
// (BENCH_NODES) every registered node counts, and each node's appliedAt is read once the console shows
// them all (it is the node's own record, so reading it late changes nothing).
import { randomBytes } from 'node:crypto';
import path from 'node:path';

import { agentGet, plannedPort, spawnAgent, stopProcess } from '../../scripts/lib/cluster.mjs';

export const name = 'propagation';
export const description = 'Cluster default saved -> applied on every node (20, or all with a fleet) / shown applied';

const NODES = Number(process.env.BENCH_PROPAGATION_NODES ?? 20);
const ROUNDS = Number(process.env.BENCH_PROPAGATION_ROUNDS ?? 20);

export async function run({ api, agents, fleet, dataDir, log }) {
  const fleetNodes = fleet?.nodes ?? [];
  const extra = await startExtraAgents(Math.max(0, NODES - agents.length - fleetNodes.length), dataDir, log);
  const registered = [];
  try {
    for (const a of extra) {
      const node = await api.mutate('nodes.register', {
        name: a.name,
        role: 'FRONTEND',
        adminUrl: a.adminUrl,
        token: a.token,
        allowPlainHttp: true,
      });
      registered.push(node.id);
    }
    const all = [...agents, ...extra, ...fleetNodes];
    // A few nodes are polled until they apply; the rest are read once everything is shown applied.
    const watched = all.length > 50 ? agents : all;
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
      await until(async () => {
        const configs = await Promise.all(watched.map((a) => nodeConfig(a)));
        return configs.every((c) => c && c.revision >= revision);
      }, 10_000);
      await until(async () => {
        const status = await api.query('config.status', { limit: 1 });
        return status.overall.applied === all.length && status.overall.total === all.length;
      }, 30_000);
      shown.push(Date.now() - t0);
      const applied = await mapLimit(all, 50, nodeConfig);
      if (!applied.every((c) => c && c.revision >= revision)) throw new Error(`revision ${revision} not on every node`);
      const latencies = applied.map((c) => Date.parse(c.appliedAt) - t0);
      perNode.push(...latencies);
      toAll.push(Math.max(...latencies));
    }
    return [
      {
        metric: `Saved -> applied on all ${all.length} nodes`,
        unit: 'ms',
        samples: toAll,
        target: 'p95 ≤ 1,000 (set for 20 nodes)',
        ...(all.length <= 20 && { check: { stat: 'p95', max: 1000 } }),
      },
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
      `--data-dir=${path.join(dataDir, 'agents', node.name)}`,
      // Extra nodes for scale, like the fleet: plain HTTP, registered as that explicit choice.
      '--plain-http',
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
    const res = await agentGet(agent, '/v1/status');
    return res.status === 200 ? res.json.config : null;
  } catch {
    return null;
  }
}

async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
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
