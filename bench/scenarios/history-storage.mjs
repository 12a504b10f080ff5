// Load history at steady state: every registered node (1,000 with BENCH_NODES=1000) gets the rows the
// collector and its rollup job (packages/api/src/services/history/rollup.ts) keep at most: 2 h of raw
// samples every 2 s (3,600), 24 h of 1-minute buckets (1,440) and 7 days of 10-minute buckets (1,008),
// written straight into the database (INSERT ... SELECT over generate_series, a batch of nodes at a
// time). Then the tables' real size (pg_total_relation_size: heap, indexes, TOAST) per node, and
// nodes.history over HTTP for one node at 15 min, 24 h and 7 days (the 7-day chart must load in
// under 300 ms), and cluster.history for 7 days. On PGlite the console is stopped while rows are written.
import path from 'node:path';

import { withPglite, withPostgres } from '../lib/direct-db.mjs';

export const name = 'history-storage';
export const description = 'load history: stored rows and bytes per node (all tiers), 7-day chart load time';
/** After the others: the rows stay (the collector keeps pruning them by age as usual). */
export const order = 85;

const ROUNDS = Number(process.env.BENCH_HISTORY_ROUNDS ?? 20);
const BATCH = 100;
/** The budget (rollup.ts): 2.5 MiB per node at steady state, 2.5 GiB at 1,000 nodes. */
const MAX_BYTES_PER_NODE = 2.5 * 1024 * 1024;

async function timed(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export async function run({ api, dataDir, databaseUrl, restartConsole, log }) {
  let ids = [];
  const write = async (db) => {
    ids = (await db.rows('SELECT id FROM node ORDER BY name')).map((r) => r.id);
    for (let i = 0; i < ids.length; i += BATCH) {
      await seed(db, ids.slice(i, i + BATCH));
      await db.checkpoint?.();
    }
    return db.rows(`SELECT
        (SELECT count(*) FROM node_load_sample)::float8 AS raw,
        (SELECT count(*) FROM node_load_rollup)::float8 AS rollup,
        pg_total_relation_size('node_load_sample')::float8 AS "rawBytes",
        pg_total_relation_size('node_load_rollup')::float8 AS "rollupBytes"`);
  };
  const started = Date.now();
  let sizes;
  if (databaseUrl) [sizes] = await withPostgres(databaseUrl, write);
  else await restartConsole(async () => ([sizes] = await withPglite(path.join(dataDir, 'pglite'), write)));
  const n = ids.length;
  log(`history-storage: ${n} nodes' history written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const perNode = {
    rows: (sizes.raw + sizes.rollup) / n,
    bytes: (sizes.rawBytes + sizes.rollupBytes) / n,
    rawBytes: sizes.rawBytes / n,
    rollupBytes: sizes.rollupBytes / n,
  };
  log(
    `history-storage: per node ${Math.round(perNode.rows)} rows, raw ${kb(perNode.rawBytes)}, rollups ${kb(perNode.rollupBytes)}`,
  );

  const id = ids[0];
  const week = [];
  const day = [];
  const quarter = [];
  const cluster = [];
  for (let round = 0; round < ROUNDS; round++) {
    week.push(await timed(() => api.query('nodes.history', { id, minutes: 7 * 24 * 60 })));
    day.push(await timed(() => api.query('nodes.history', { id, minutes: 24 * 60 })));
    quarter.push(await timed(() => api.query('nodes.history', { id, minutes: 15 })));
    if (round < 5) cluster.push(await timed(() => api.query('cluster.history', { minutes: 7 * 24 * 60 })));
  }
  const points = (await api.query('nodes.history', { id, minutes: 7 * 24 * 60 })).points.length;
  const of = `${n} nodes`;
  return [
    {
      metric: `history stored per node (raw 2 h + 1-min 24 h + 10-min 7 d), ${of}`,
      unit: 'rows',
      samples: [perNode.rows],
    },
    {
      metric: `history bytes stored per node (tables and indexes), ${of}`,
      unit: 'KiB',
      samples: [perNode.bytes / 1024],
      target: `≤ ${MAX_BYTES_PER_NODE / 1024} (2.5 GiB at 1,000 nodes)`,
      check: { stat: 'median', max: MAX_BYTES_PER_NODE / 1024 },
    },
    {
      metric: `history bytes per node per day of the 7 kept (rollups; raw is a fixed 2 h), ${of}`,
      unit: 'KiB',
      samples: [perNode.rollupBytes / 7 / 1024],
    },
    {
      metric: `nodes.history 7 days of one node (${points} points), ${of}`,
      unit: 'ms',
      samples: week,
      target: 'p95 ≤ 300',
      check: { stat: 'p95', max: 300 },
    },
    { metric: `nodes.history 24 h of one node, ${of}`, unit: 'ms', samples: day },
    { metric: `nodes.history 15 min of one node (raw), ${of}`, unit: 'ms', samples: quarter },
    { metric: `cluster.history 7 days (spread across nodes), ${of}`, unit: 'ms', samples: cluster },
  ];
}

const kb = (b) => `${(b / 1024).toFixed(0)} KiB`;

/** One batch of nodes at every tier's retention, ending now; numbers vary so rows are not all alike. */
export async function seed(db, nodeIds) {
  const list = nodeIds.map((id) => `'${id}'`).join(', ');
  const nodes = `unnest(ARRAY[${list}]::text[]) AS n(id)`;
  await db.exec(`INSERT INTO node_load_sample ("nodeId", at, "cpuPercent", "memUsedBytes", "memTotalBytes",
      "sessionsTotal", "sessionsImap", "sessionsPop", "sessionsSmtp", "sessionsHttp", "accountsOpen")
    SELECT n.id, g, 20 + random() * 60, 2e9 + random() * 1e9, 8589934592, 100, 60, 10, 20, 10, (random() * 80)::int
    FROM ${nodes}, generate_series((now() AT TIME ZONE 'UTC') - interval '2 hours' + interval '2 seconds',
      (now() AT TIME ZONE 'UTC'), interval '2 seconds') g`);
  for (const [res, span] of [
    [60, "interval '24 hours'"],
    [600, "interval '7 days'"],
  ]) {
    await db.exec(`INSERT INTO node_load_rollup ("nodeId", resolution, at, samples, "cpuMin", "cpuAvg", "cpuMax",
        "memUsedMin", "memUsedAvg", "memUsedMax", "memTotalBytes", "sessionsMin", "sessionsAvg", "sessionsMax",
        "sessionsImap", "sessionsPop", "sessionsSmtp", "sessionsHttp", "accountsAvg", "accountsMax")
      SELECT n.id, ${res}, g, ${res / 2}, 10 + random() * 10, 20 + random() * 60, 80 + random() * 20, 2e9, 2.5e9 + random() * 1e8,
        3e9, 8589934592, 90, 100 + random() * 10, 120, 60.5, 10.25, 20.75, 10.5, 40 + random() * 40, 90
      FROM ${nodes}, generate_series(date_bin('${res} seconds', (now() AT TIME ZONE 'UTC') - ${span}, TIMESTAMP '1970-01-01')
        + interval '${res} seconds', (now() AT TIME ZONE 'UTC') - interval '${res} seconds', interval '${res} seconds') g
      ON CONFLICT DO NOTHING`);
  }
}
