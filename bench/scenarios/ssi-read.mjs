// Latency of the Single Service Image reads the browser makes every second, measured end to end
// over HTTP (session check + queries + serialisation), with every registered node (BENCH_NODES).
// Paced at 20 reads a second (as ten open nodes pages would ask), not back to back: a latency under
// load, not the throughput of a saturated console.
export const name = 'ssi-read';
export const description = 'nodes.list (pages of 100 and 500) and cluster.overview over HTTP';

const N = Number(process.env.BENCH_SSI_SAMPLES ?? 200);
const GAP_MS = 50;

export async function run({ api, nodes, databaseUrl }) {
  const list = [];
  const large = [];
  const overview = [];
  for (let i = 0; i < N; i++) {
    list.push(await timed(() => api.query('nodes.list', { page: 1 + (i % Math.ceil(nodes / 100)), pageSize: 100 })));
    large.push(await timed(() => api.query('nodes.list', { page: 1 + (i % Math.ceil(nodes / 500)), pageSize: 500 })));
    overview.push(await timed(() => api.query('cluster.overview', undefined)));
  }
  const target = { target: 'p95 ≤ 50', check: { stat: 'p95', max: 50 } };
  const service = databaseUrl ? await serviceTimes(databaseUrl, nodes) : [];
  return [
    ...service,
    { metric: `nodes.list page of 100, ${nodes} nodes`, unit: 'ms', samples: list, ...target },
    { metric: `nodes.list page of 500 (largest), ${nodes} nodes`, unit: 'ms', samples: large, ...target },
    { metric: `cluster.overview, ${nodes} nodes`, unit: 'ms', samples: overview, ...target },
  ];
}

async function timed(fn) {
  const t = performance.now();
  await fn();
  const ms = performance.now() - t;
  await new Promise((r) => setTimeout(r, GAP_MS));
  return ms;
}

/**
 * The same reads as the console's services make them (listNodes, clusterOverview), run in this process
 * against the console's PostgreSQL database while the console keeps collecting: the database part of
 * the server time, without HTTP, session check and serialisation. (PGlite is single-process: no.)
 */
async function serviceTimes(databaseUrl, nodes) {
  const { register } = await import('tsx/esm/api');
  const unregister = register();
  try {
    const { openDatabase } = await import('@cc/db');
    const { listNodes } = await import('../../packages/api/src/services/nodes/list-nodes.ts');
    const { clusterOverview } = await import('../../packages/api/src/services/nodes/cluster-overview.ts');
    const db = await openDatabase({ url: databaseUrl, migrate: false });
    try {
      const list = [];
      const overview = [];
      for (let i = 0; i < N; i++) {
        list.push(await timed(() => listNodes(db.prisma, { page: 1 + (i % Math.ceil(nodes / 100)), pageSize: 100 })));
        overview.push(await timed(() => clusterOverview(db.prisma)));
      }
      return [
        { metric: `listNodes page of 100, service time in-process, ${nodes} nodes`, unit: 'ms', samples: list },
        { metric: `clusterOverview, service time in-process, ${nodes} nodes`, unit: 'ms', samples: overview },
      ];
    } finally {
      await db.close();
    }
  } finally {
    await unregister();
  }
}
