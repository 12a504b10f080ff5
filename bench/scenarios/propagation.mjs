// Settings propagation: an administrator saves a cluster-wide default through the console's API; how
// long until every node has applied it (node's own appliedAt, same machine clock), and until the
// console shows "applied on N of N" (from the nodes' answers to the pushes, before any collector poll).
// Grows the demo cluster to 20 nodes (agent processes) for the run; with a fleet (BENCH_NODES, its own
// process) every registered node counts, and each node's appliedAt is read once the console shows
// them all (it is the node's own record, so reading it late changes nothing). Also reports the size of
// the whole snapshot a fresh node gets at 1,000,000 accounts (a generated set shaped like the seed's).
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';

import { agentGet, plannedPort, spawnAgent, stopProcess } from '../../scripts/lib/cluster.mjs';

export const name = 'propagation';
export const description = 'Cluster default saved -> applied on every node (20, or all with a fleet) / shown applied';

const NODES = Number(process.env.BENCH_PROPAGATION_NODES ?? 20);
const ROUNDS = Number(process.env.BENCH_PROPAGATION_ROUNDS ?? 20);
const SIZE_ACCOUNTS = 1_000_000;

/** 20 nodes and a fleet are kept as separate rows: a run of one does not replace the other's. */
export const resultKey = (nodes) => (nodes > NODES ? `propagation-${nodes}` : name);

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
    log(`propagation: ${all.length} nodes`);
    const toAll = [];
    const perNode = [];
    const shown = [];
    const lag = [];
    // Unmeasured: the first revision a fresh cluster gets is the whole snapshot for every node.
    await save(api, 0);
    await until(() => shownOnAll(api, all.length), 180_000);
    for (let i = 0; i < ROUNDS; i++) {
      const { t0, revision } = await save(api, i + 1);
      // Only the console is polled meanwhile (polling the nodes would load the fleet under test); each
      // node's appliedAt is read once the console shows them all, and checked.
      await until(() => shownOnAll(api, all.length), 30_000);
      shown.push(Date.now() - t0);
      const applied = await mapLimit(all, 50, nodeConfig);
      if (!applied.every((c) => c && c.revision >= revision)) throw new Error(`revision ${revision} not on every node`);
      const latencies = applied.map((c) => Date.parse(c.appliedAt) - t0);
      perNode.push(...latencies);
      toAll.push(Math.max(...latencies));
      lag.push(shown.at(-1) - Math.max(...latencies));
    }
    const target = all.length <= 20 ? 300 : 1500;
    const snapshotMiB = fullSnapshotBytes(SIZE_ACCOUNTS) / 2 ** 20;
    return [
      {
        metric: `Saved -> applied on all ${all.length} nodes`,
        unit: 'ms',
        samples: toAll,
        target: `p95 ≤ ${target.toLocaleString('en-US')}`,
        check: { stat: 'p95', max: target },
      },
      { metric: 'Saved -> applied on one node', unit: 'ms', samples: perNode },
      { metric: `Saved -> console shows ${all.length} of ${all.length}`, unit: 'ms', samples: shown },
      {
        metric: `Applied on all ${all.length} -> console shows ${all.length} of ${all.length}`,
        unit: 'ms',
        samples: lag,
        target: 'p95 ≤ 300 (push acknowledgements)',
        check: { stat: 'p95', max: 300 },
      },
      {
        metric: `Whole snapshot for a fresh node at ${SIZE_ACCOUNTS.toLocaleString('en-US')} accounts (staged pages + snapshot)`,
        unit: 'MiB',
        samples: [Math.round(snapshotMiB * 10) / 10],
      },
    ];
  } finally {
    for (const id of registered) await api.mutate('nodes.remove', { id }).catch(() => {});
    await Promise.all(extra.map((a) => stopProcess(a.pid)));
  }
}

/**
 * Bytes on the wire of the whole configuration for a node that starts over: every account staged in
 * pages of 5,000 (PUT /v1/config/accounts; address, id, overrides, enabled, {BLF-CRYPT} hash, as
 * account-set.ts sends them), then the snapshot that applies it. A settings change is sent as its delta.
 */
function fullSnapshotBytes(accounts, domains = 100, pageSize = 5000) {
  const hash = `{BLF-CRYPT}$2b$10$${'x'.repeat(53)}`;
  let bytes = 0;
  for (let start = 0, page = 0; start < accounts; start += pageSize, page++) {
    const list = [];
    for (let i = start; i < Math.min(accounts, start + pageSize); i++)
      list.push({
        address: `user${i + 1}@d${(i % domains) + 1}.seed.example`,
        id: randomUUID(),
        settings: {},
        enabled: true,
        passwordHash: hash,
      });
    bytes += Buffer.byteLength(
      JSON.stringify({ revision: 2, page, accounts: list, last: start + pageSize >= accounts }),
    );
  }
  const snapshot = {
    revision: 2,
    defaults: { domain: {}, account: {}, prefs: {} },
    domains: Array.from({ length: domains }, (_, i) => ({ name: `d${i + 1}.seed.example`, settings: {} })),
    accounts: [],
    accountsReset: true,
    accountsStaged: accounts,
    alerts: [],
  };
  return bytes + Buffer.byteLength(JSON.stringify(snapshot));
}

/** Saves a cluster default (alternating values); `t0` is just before the save. */
async function save(api, i) {
  const defaults = (await api.query('settings.clusterDefaults')).find((f) => f.family === 'prefs');
  const t0 = Date.now();
  const saved = await api.mutate('settings.updateClusterDefaults', {
    family: 'prefs',
    expectedVersion: defaults.version,
    changes: { messagesPerPage: 20 + (i % 2) * 10 },
  });
  return { t0, revision: Number(saved.revision) };
}

async function shownOnAll(api, total) {
  const status = await api.query('config.status', { limit: 1 });
  return status.overall.applied === total && status.overall.total === total;
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

/**
 * Asks until `probe` holds, PROBE_EVERY_MS apart. Every ask reads every node's status: back to back
 * (10 ms apart) the asking took much of the console's CPU (on PGlite, whose queries run on the
 * console's own thread, nearly all of it) and slowed what it measured. At 50 ms the "console shows"
 * times are late by up to that much plus one ask, never early. The console's pages ask once a second.
 */
const PROBE_EVERY_MS = 50;

async function until(probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const asked = Date.now();
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, Math.max(0, PROBE_EVERY_MS - (Date.now() - asked))));
  }
}
