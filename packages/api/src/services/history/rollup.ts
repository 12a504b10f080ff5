import type { SqlRunner } from '@cc/db';

/**
 * Load history in three tiers, each bounded by time: raw samples (every 2 s) for 2 h, 1-minute buckets
 * for 24 h, 10-minute buckets for 7 days. At most 3,600 + 1,440 + 1,008 = 6,048 rows per node; the budget
 * is 2.5 MiB per node with indexes (2.5 GiB at 1,000 nodes), measured by bench/scenarios/history-storage.mjs
 * (about 1.9 MiB: half raw, half rollups).
 */
export const RETENTION = {
  rawMs: 2 * 60 * 60_000,
  minuteMs: 24 * 60 * 60_000,
  tenMinuteMs: 7 * 24 * 60 * 60_000,
} as const;

/** A sample is flushed up to about a second after it was taken: a bucket is closed this long after its end. */
const SETTLE_MS = 5_000;

const iso = (ms: number) => new Date(ms).toISOString();
const floorTo = (ms: number, stepMs: number) => Math.floor(ms / stepMs) * stepMs;

const UPDATE_COLUMNS = [
  'samples',
  'cpuMin',
  'cpuAvg',
  'cpuMax',
  'memUsedMin',
  'memUsedAvg',
  'memUsedMax',
  'memTotalBytes',
  'sessionsMin',
  'sessionsAvg',
  'sessionsMax',
  'sessionsImap',
  'sessionsPop',
  'sessionsSmtp',
  'sessionsHttp',
  'accountsAvg',
  'accountsMax',
  'queueAvg',
  'queueMax',
];
const COLUMNS = ['nodeId', 'resolution', 'at', ...UPDATE_COLUMNS].map((c) => `"${c}"`).join(', ');
const UPSERT = `ON CONFLICT ("nodeId", resolution, at) DO UPDATE SET ${UPDATE_COLUMNS.map((c) => `"${c}" = EXCLUDED."${c}"`).join(', ')}`;

/**
 * Where a tier's next run starts: its newest bucket again (recomputed whole, so a run that died half-way
 * or a sample flushed late changes nothing twice), never before its source still exists. A new leader
 * after a restart picks up where the last one stopped, from the table itself.
 */
async function resumeAt(sql: SqlRunner, resolution: number, oldestSourceMs: number): Promise<number> {
  const [row] = await sql.query<{ ms: number | null }>(
    'SELECT (extract(epoch FROM max(at)) * 1000)::float8 AS ms FROM node_load_rollup WHERE resolution = $1',
    [resolution],
  );
  const last = row?.ms ?? 0;
  return Math.max(last, floorTo(oldestSourceMs, resolution * 1000));
}

/** 1-minute buckets from raw samples, for every closed minute since the last run. */
async function rollupMinutes(sql: SqlRunner, now: number): Promise<void> {
  const to = floorTo(now - SETTLE_MS, 60_000);
  const from = await resumeAt(sql, 60, now - RETENTION.rawMs);
  if (from >= to) return;
  await sql.query(
    `INSERT INTO node_load_rollup (${COLUMNS})
     SELECT "nodeId", 60, date_bin('1 minute', at, TIMESTAMP '1970-01-01'), count(*)::int,
       min("cpuPercent"), avg("cpuPercent"), max("cpuPercent"),
       min("memUsedBytes"), avg("memUsedBytes"), max("memUsedBytes"), max("memTotalBytes"),
       min("sessionsTotal"), avg("sessionsTotal"), max("sessionsTotal"),
       avg("sessionsImap"), avg("sessionsPop"), avg("sessionsSmtp"), avg("sessionsHttp"),
       avg("accountsOpen"), max("accountsOpen"), avg("queueTotal"), max("queueTotal")
     FROM node_load_sample WHERE at >= $1::timestamp(3) AND at < $2::timestamp(3)
     GROUP BY 1, 3
     ${UPSERT}`,
    [iso(from), iso(to)],
  );
}

/** 10-minute buckets from the 1-minute ones: averages weighted by sample count, extremes kept. */
async function rollupTenMinutes(sql: SqlRunner, now: number): Promise<void> {
  // The 1-minute pass just before has rolled up every closed minute: a closed 10 minutes is complete.
  const to = floorTo(now - SETTLE_MS, 600_000);
  const from = await resumeAt(sql, 600, now - RETENTION.minuteMs);
  if (from >= to) return;
  const w = (c: string) => `sum("${c}" * samples) / sum(samples)`;
  await sql.query(
    `INSERT INTO node_load_rollup (${COLUMNS})
     SELECT "nodeId", 600, date_bin('10 minutes', at, TIMESTAMP '1970-01-01'), sum(samples)::int,
       min("cpuMin"), ${w('cpuAvg')}, max("cpuMax"),
       min("memUsedMin"), ${w('memUsedAvg')}, max("memUsedMax"), max("memTotalBytes"),
       min("sessionsMin"), ${w('sessionsAvg')}, max("sessionsMax"),
       ${w('sessionsImap')}, ${w('sessionsPop')}, ${w('sessionsSmtp')}, ${w('sessionsHttp')},
       ${w('accountsAvg')}, max("accountsMax"),
       sum("queueAvg" * samples) / nullif(sum(samples) FILTER (WHERE "queueAvg" IS NOT NULL), 0), max("queueMax")
     FROM node_load_rollup WHERE resolution = 60 AND at >= $1::timestamp(3) AND at < $2::timestamp(3)
     GROUP BY 1, 3
     ${UPSERT}`,
    [iso(from), iso(to)],
  );
}

/**
 * One pass of the history job (the collector leader runs it every minute): roll up, then drop what has
 * aged out of each tier. Rolling up before pruning means a raw sample is never dropped unsummarised.
 */
export async function maintainHistory(sql: SqlRunner, now = Date.now()): Promise<void> {
  await rollupMinutes(sql, now);
  await rollupTenMinutes(sql, now);
  await sql.query('DELETE FROM node_load_sample WHERE at < $1::timestamp(3)', [iso(now - RETENTION.rawMs)]);
  await sql.query('DELETE FROM node_load_rollup WHERE resolution = 60 AND at < $1::timestamp(3)', [
    iso(now - RETENTION.minuteMs),
  ]);
  await sql.query('DELETE FROM node_load_rollup WHERE resolution = 600 AND at < $1::timestamp(3)', [
    iso(now - RETENTION.tenMinuteMs),
  ]);
}
