// Time from a node's death (SIGKILL, no goodbye) to the console calling it Down, and from its
// restart to Ready again, as the API the browser uses reports it.
import { spawnAgent } from '../../scripts/lib/cluster.mjs';

export const name = 'failure-detection';
export const description = 'node killed -> shown Down; restarted -> shown Ready';

const ROUNDS = Number(process.env.BENCH_FAILURE_ROUNDS ?? 5);

export async function run({ api, agents }) {
  const down = [];
  const back = [];
  const victim = agents.find((a) => a.name === 'frontend-2');
  for (let i = 0; i < ROUNDS; i++) {
    await waitForState(api, victim.name, 'ready', 20_000);
    const killedAt = performance.now();
    process.kill(victim.pid, 'SIGKILL');
    await waitForState(api, victim.name, 'down', 20_000);
    down.push(performance.now() - killedAt);
    const restartedAt = performance.now();
    const again = await spawnAgent(victim);
    victim.pid = again.pid;
    victim.child = again.child;
    await waitForState(api, victim.name, 'ready', 20_000);
    back.push(performance.now() - restartedAt);
  }
  return [
    {
      metric: 'death to Down',
      unit: 'ms',
      samples: down,
      target: '≤ 5,000 (3 s threshold + poll)',
      check: { stat: 'max', max: 5000 },
    },
    { metric: 'restart to Ready', unit: 'ms', samples: back },
  ];
}

async function waitForState(api, nodeName, state, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const page = await api.query('nodes.list', { search: nodeName, pageSize: 10 });
    if (page.items.find((n) => n.name === nodeName)?.state === state) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${nodeName} not ${state} within ${timeoutMs} ms`);
}
