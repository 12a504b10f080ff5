// Latency of the Single Service Image reads the browser makes every second, measured end to end
// over HTTP (session check + queries + serialisation).
export const name = 'ssi-read';
export const description = 'nodes.list (page of 100) and cluster.overview over HTTP';

const N = Number(process.env.BENCH_SSI_SAMPLES ?? 200);

export async function run({ api }) {
  const list = [];
  const overview = [];
  for (let i = 0; i < N; i++) {
    let t = performance.now();
    await api.query('nodes.list', { page: 1, pageSize: 100 });
    list.push(performance.now() - t);
    t = performance.now();
    await api.query('cluster.overview', undefined);
    overview.push(performance.now() - t);
  }
  return [
    { metric: 'nodes.list page', unit: 'ms', samples: list, target: 'p95 ≤ 50 (1,000 nodes, issue 11)' },
    { metric: 'cluster.overview', unit: 'ms', samples: overview },
  ];
}
