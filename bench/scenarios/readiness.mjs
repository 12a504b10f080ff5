// Make Non-Ready through the console (UI's own API) until the frontend's IMAP port refuses a TCP
// connect, and Controller death until the console shows another backend as Controller.
import net from 'node:net';

import { spawnAgent } from '../../scripts/lib/cluster.mjs';

export const name = 'readiness';
export const description = 'Make Non-Ready -> client ports closed; Controller killed -> Backup shown as Controller';

const ROUNDS = Number(process.env.BENCH_READINESS_ROUNDS ?? 10);
const FAILOVERS = Number(process.env.BENCH_FAILOVER_ROUNDS ?? 3);

/** The demo cluster's own nodes, not the fleet's (whose backends stay outside the election). */
const DEMO_BACKENDS = { role: 'BACKEND', search: 'backend-', pageSize: 100 };

export async function run({ api, agents }) {
  const backendNames = new Set(agents.filter((a) => a.role === 'backend').map((a) => a.name));
  const waitForRoles = () => rolesSettled(api, backendNames);
  await waitForRoles();
  const frontend = (await api.query('nodes.list', { search: 'frontend-1', pageSize: 10 })).items.find(
    (n) => n.name === 'frontend-1',
  );
  let imap;
  // Listeners are known once the collector has heard from the node.
  await until(async () => {
    const detail = await api.query('nodes.get', { id: frontend.id });
    imap = detail.listeners.find((l) => l.protocol === 'imap')?.port;
    return imap !== undefined;
  }, 20_000);

  const closed = [];
  const reopened = [];
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now();
    await api.mutate('nodes.setReadiness', { ids: [frontend.id], ready: false });
    await until(async () => (await connect(imap)) === 'refused', 5000);
    closed.push(performance.now() - t);
    t = performance.now();
    await api.mutate('nodes.setReadiness', { ids: [frontend.id], ready: true });
    await until(async () => (await connect(imap)) === 'open', 5000);
    reopened.push(performance.now() - t);
  }

  const failover = [];
  for (let i = 0; i < FAILOVERS; i++) {
    const nodes = await waitForRoles();
    const controller = nodes.find((n) => n.clusterRole === 'controller');
    const agent = agents.find((a) => a.name === controller.name);
    const t = performance.now();
    process.kill(agent.pid, 'SIGKILL');
    await until(async () => {
      const now = (await api.query('nodes.list', DEMO_BACKENDS)).items;
      return now.some((n) => n.clusterRole === 'controller' && n.name !== controller.name && n.state === 'ready');
    }, 20_000);
    failover.push(performance.now() - t);
    const again = await spawnAgent(agent);
    agent.pid = again.pid;
    agent.child = again.child;
  }
  await waitForRoles();
  return [
    {
      metric: 'Make Non-Ready -> IMAP refused',
      unit: 'ms',
      samples: closed,
      target: '≤ 1,000',
      check: { stat: 'max', max: 1000 },
    },
    { metric: 'Make Ready -> IMAP accepted', unit: 'ms', samples: reopened },
    {
      metric: 'Controller killed -> console shows new Controller',
      unit: 'ms',
      samples: failover,
      target: '≤ 5,000',
      check: { stat: 'max', max: 5000 },
    },
  ];
}

/** Every backend back and Ready, with one Controller and one Backup. */
async function rolesSettled(api, backendNames) {
  let items = [];
  await until(async () => {
    items = (await api.query('nodes.list', DEMO_BACKENDS)).items;
    const backends = items.filter((n) => backendNames.has(n.name));
    return (
      backends.every((n) => n.state === 'ready') &&
      backends.filter((n) => n.clusterRole === 'controller').length === 1 &&
      backends.filter((n) => n.clusterRole === 'backup').length === 1
    );
  }, 30_000);
  return items;
}

function connect(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve('open')));
    s.once('error', () => resolve('refused'));
  });
}

async function until(check, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
