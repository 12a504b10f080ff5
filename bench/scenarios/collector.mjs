// The collector with every node registered (BENCH_NODES): how old the freshest report of the
// stalest node is (the console's own read time minus that node's lastSeenAt, over every node, once a
// second), and the CPU of the process that collects meanwhile (the console, or `npm run collector`
// with BENCH_COLLECTOR=process; process time over 5-second windows, as cores). The CPU windows come
// first, with nothing but the consoles' own background work running: polling every node
// each second, writing node_status and load samples, the reconciler's sweep. The fleet's CPU (the
// simulated nodes answering) is measured over the same windows.
import { coresOver } from '../lib/proc.mjs';

export const name = 'collector';
export const description = 'every node kept fresh: max status age over all nodes, and the CPU it costs';

const CPU_WINDOWS = Number(process.env.BENCH_COLLECTOR_CPU_WINDOWS ?? 6);
const FRESHNESS_SAMPLES = Number(process.env.BENCH_COLLECTOR_SAMPLES ?? 30);
const PAGE = 500;

export async function run({ api, nodes, fleet, collectorPid, log }) {
  await allHeardFrom(api, nodes, 120_000);
  const cores = [];
  const fleetCores = [];
  for (let i = 0; i < CPU_WINDOWS; i++) {
    const [c, f] = await Promise.all([coresOver(collectorPid(), 5000), fleet && coresOver(fleet.pid, 5000)]);
    cores.push(c);
    if (fleet) fleetCores.push(f);
  }
  const maxAge = [];
  const stale = [];
  for (let i = 0; i < FRESHNESS_SAMPLES; i++) {
    const t = performance.now();
    const ages = await statusAges(api, nodes);
    maxAge.push(Math.max(...ages));
    stale.push(ages.filter((a) => a > 3000).length);
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (performance.now() - t))));
  }
  log(`collector: ${nodes} nodes, collecting process ${cores.map((c) => c.toFixed(2)).join(' ')} cores`);
  return [
    ...(fleet
      ? [
          {
            metric: `fleet CPU: ${fleet.nodes.length} nodes in one process answering the collector (5 s windows)`,
            unit: 'cores',
            samples: fleetCores,
            target: 'fits 2 cores',
          },
        ]
      : []),
    {
      metric: `max status age over all ${nodes} nodes, sampled every second`,
      unit: 'ms',
      samples: maxAge,
      target: '≤ 3,000 (max)',
      check: { stat: 'max', max: 3000 },
    },
    { metric: 'nodes older than 3 s per sample (shown Down)', unit: 'nodes', samples: stale },
    {
      metric: `CPU of the collecting process (console, or npm run collector), ${nodes} nodes (5 s windows)`,
      unit: 'cores',
      samples: cores,
      target: '≤ 1 (max)',
      check: { stat: 'max', max: 1 },
    },
  ];
}

/** Read time minus lastSeenAt of every node, pages of 500 (a never-heard-from node counts as infinitely old). */
async function statusAges(api, nodes) {
  const ages = [];
  for (let page = 1; (page - 1) * PAGE < nodes; page++) {
    const res = await api.query('nodes.list', { page, pageSize: PAGE });
    // Times in the Single Service Image are epoch milliseconds.
    for (const n of res.items) ages.push(n.lastSeenAt === null ? Infinity : res.readAt - n.lastSeenAt);
  }
  return ages;
}

async function allHeardFrom(api, nodes, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ages = await statusAges(api, nodes);
    if (ages.length >= nodes && ages.every((a) => a <= 3000)) return;
    if (Date.now() > deadline) throw new Error(`not every node heard from within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
