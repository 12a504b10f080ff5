// Latency of the Single Service Image reads the browser makes every second, measured over HTTP
// (session check + queries + serialisation), with every registered node (BENCH_NODES). The target
// is server time: the time to the response headers (the console answers a query once its whole
// result is serialised); the round trip with the body downloaded is reported beside it.
// Paced at 20 reads a second (as ten open nodes pages would ask), not back to back: a latency under
// load, not the throughput of a saturated console.
export const name = 'ssi-read';
export const description = 'nodes.list (pages of 100 and 500) and cluster.overview over HTTP';

const N = Number(process.env.BENCH_SSI_SAMPLES ?? 200);
const GAP_MS = 50;

export async function run({ api, nodes, databaseUrl }) {
  const reads = [
    {
      label: 'nodes.list page of 100',
      proc: 'nodes.list',
      input: (i) => ({ page: 1 + (i % Math.ceil(nodes / 100)), pageSize: 100 }),
    },
    {
      label: 'nodes.list page of 500 (largest)',
      proc: 'nodes.list',
      input: (i) => ({ page: 1 + (i % Math.ceil(nodes / 500)), pageSize: 500 }),
    },
    { label: 'cluster.overview', proc: 'cluster.overview', input: () => undefined },
  ].map((r) => ({ ...r, server: [], total: [], bytes: 0 }));
  for (let i = 0; i < N; i++) {
    for (const r of reads) {
      const t = await api.timedQuery(r.proc, r.input(i));
      r.server.push(t.headersMs);
      r.total.push(t.totalMs);
      r.bytes = Math.max(r.bytes, t.bytes);
      await new Promise((resolve) => setTimeout(resolve, GAP_MS));
    }
  }
  const target = { target: 'p95 ≤ 50', check: { stat: 'p95', max: 50 } };
  const service = databaseUrl ? await serviceTimes(databaseUrl, nodes) : [];
  return [
    ...service,
    ...reads.map((r) => ({
      metric: `${r.label}, ${nodes} nodes, server time`,
      unit: 'ms',
      samples: r.server,
      ...target,
    })),
    ...reads.map((r) => ({
      metric: `${r.label}, ${nodes} nodes, round trip with ${Math.round(r.bytes / 1024)} KiB downloaded`,
      unit: 'ms',
      samples: r.total,
    })),
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
 * The same reads as the console's services make them (the queries listNodes, clusterOverview, and the
 * in-memory image nodes.list and cluster.overview now answer from), run in this process
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
    const { readNodesPage, readOverview } = await import('../../packages/api/src/services/nodes/ssi-snapshot.ts');
    const db = await openDatabase({ url: databaseUrl, migrate: false });
    try {
      const [list, overview, image, imageOverview] = [[], [], [], []];
      const page = (i) => ({ page: 1 + (i % Math.ceil(nodes / 100)), pageSize: 100 });
      for (let i = 0; i < N; i++) {
        list.push(await timed(() => listNodes(db.prisma, page(i))));
        overview.push(await timed(() => clusterOverview(db.prisma)));
        // What the console serves now: the in-memory image, reloaded when the collector flushes.
        image.push(await timed(() => readNodesPage(db, page(i))));
        imageOverview.push(await timed(() => readOverview(db)));
      }
      return [
        { metric: `listNodes page of 100, service time in-process, ${nodes} nodes`, unit: 'ms', samples: list },
        { metric: `clusterOverview, service time in-process, ${nodes} nodes`, unit: 'ms', samples: overview },
        { metric: `same page from the in-memory image (readNodesPage), ${nodes} nodes`, unit: 'ms', samples: image },
        {
          metric: `same totals from the in-memory image (readOverview), ${nodes} nodes`,
          unit: 'ms',
          samples: imageOverview,
        },
      ];
    } finally {
      await db.close();
    }
  } finally {
    await unregister();
  }
}
