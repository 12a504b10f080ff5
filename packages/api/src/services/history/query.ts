import type { PrismaClient, SqlRunner } from '@cc/db';

import { AppError } from '../../errors';

/** Ranges the charts offer run from 15 minutes to 7 days. */
export const MAX_HISTORY_MINUTES = 7 * 24 * 60;

/**
 * The tier a range reads, so a chart gets at most about a thousand points: raw 2-second samples up to
 * 30 minutes (900), 1-minute buckets up to 16 hours (960), 10-minute buckets beyond (7 days: 1,008).
 * 0 means raw.
 */
export function resolutionFor(minutes: number): 0 | 60 | 600 {
  if (minutes <= 30) return 0;
  if (minutes <= 16 * 60) return 60;
  return 600;
}

export interface NodeHistoryPoint {
  /** Epoch ms: the sample time, or the bucket start. */
  t: number;
  cpu: number;
  cpuMax: number;
  memUsed: number;
  memTotal: number;
  sessions: number;
  sessionsMax: number;
  imap: number;
  pop: number;
  smtp: number;
  http: number;
  accounts: number;
  /** Null where the node's driver has no mail queue. */
  queue: number | null;
}

const T = '(extract(epoch FROM at) * 1000)::float8 AS t';

/** One node's history for the last `minutes`, from the tier that suits the range (index: nodeId, [resolution,] at). */
export async function nodeHistory(
  db: { prisma: PrismaClient; sql: SqlRunner },
  id: string,
  minutes: number,
  now = Date.now(),
) {
  const exists = await db.prisma.node.count({ where: { id } });
  if (!exists) throw new AppError('NOT_FOUND', 'No such node.');
  const resolution = resolutionFor(minutes);
  const from = new Date(now - minutes * 60_000).toISOString();
  const points =
    resolution === 0
      ? await db.sql.query<NodeHistoryPoint>(
          `SELECT ${T}, "cpuPercent" AS cpu, "cpuPercent" AS "cpuMax", "memUsedBytes" AS "memUsed",
             "memTotalBytes" AS "memTotal", "sessionsTotal" AS sessions, "sessionsTotal" AS "sessionsMax",
             "sessionsImap" AS imap, "sessionsPop" AS pop, "sessionsSmtp" AS smtp, "sessionsHttp" AS http,
             "accountsOpen" AS accounts, "queueTotal" AS queue
           FROM node_load_sample WHERE "nodeId" = $1 AND at >= $2::timestamp(3) ORDER BY at`,
          [id, from],
        )
      : await db.sql.query<NodeHistoryPoint>(
          `SELECT ${T}, "cpuAvg" AS cpu, "cpuMax", "memUsedAvg" AS "memUsed", "memTotalBytes" AS "memTotal",
             "sessionsAvg" AS sessions, "sessionsMax", "sessionsImap" AS imap, "sessionsPop" AS pop,
             "sessionsSmtp" AS smtp, "sessionsHttp" AS http, "accountsAvg" AS accounts, "queueAvg" AS queue
           FROM node_load_rollup WHERE "nodeId" = $1 AND resolution = $2 AND at >= $3::timestamp(3) ORDER BY at`,
          [id, resolution, from],
        );
  return { resolution, stepMs: resolution === 0 ? 2000 : resolution * 1000, points };
}

export interface ClusterHistoryPoint {
  t: number;
  nodes: number;
  imap: number;
  pop: number;
  smtp: number;
  http: number;
  accounts: number;
  /** Spread across nodes of each node's average in the bucket. */
  cpuMin: number;
  cpuMedian: number;
  cpuMax: number;
  /** Memory used, percent of each node's total (nodes that report no total are left out). */
  memMin: number | null;
  memMedian: number | null;
  memMax: number | null;
}

/**
 * Cluster-wide history: per bucket, every node's average first, then sums (sessions, accounts) and the
 * spread (min, median, max) across nodes, so one hot node shows instead of vanishing in an average.
 * Raw ranges are binned by 10 s (at most 180 points).
 */
export async function clusterHistory(sql: SqlRunner, minutes: number, now = Date.now()) {
  const resolution = resolutionFor(minutes);
  const from = new Date(now - minutes * 60_000).toISOString();
  const stepS = resolution === 0 ? 10 : resolution;
  const source =
    resolution === 0
      ? `SELECT "nodeId", date_bin('10 seconds', at, TIMESTAMP '1970-01-01') AS at, avg("cpuPercent") AS cpu,
           avg("memUsedBytes") AS mem, max("memTotalBytes") AS total, avg("sessionsImap") AS imap,
           avg("sessionsPop") AS pop, avg("sessionsSmtp") AS smtp, avg("sessionsHttp") AS http,
           avg("accountsOpen") AS accounts
         FROM node_load_sample WHERE at >= $1::timestamp(3) GROUP BY 1, 2`
      : `SELECT "nodeId", at, "cpuAvg" AS cpu, "memUsedAvg" AS mem, "memTotalBytes" AS total, "sessionsImap" AS imap,
           "sessionsPop" AS pop, "sessionsSmtp" AS smtp, "sessionsHttp" AS http, "accountsAvg" AS accounts
         FROM node_load_rollup WHERE resolution = ${resolution} AND at >= $1::timestamp(3)`;
  const points = await sql.query<ClusterHistoryPoint>(
    `WITH per_node AS (${source}),
       pct AS (SELECT *, CASE WHEN total > 0 THEN mem * 100 / total END AS mem_pct FROM per_node)
     SELECT ${T}, count(*)::int AS nodes, sum(imap)::float8 AS imap, sum(pop)::float8 AS pop,
       sum(smtp)::float8 AS smtp, sum(http)::float8 AS http, sum(accounts)::float8 AS accounts,
       min(cpu)::float8 AS "cpuMin", percentile_cont(0.5) WITHIN GROUP (ORDER BY cpu)::float8 AS "cpuMedian",
       max(cpu)::float8 AS "cpuMax", min(mem_pct)::float8 AS "memMin",
       percentile_cont(0.5) WITHIN GROUP (ORDER BY mem_pct)::float8 AS "memMedian", max(mem_pct)::float8 AS "memMax"
     FROM pct GROUP BY at ORDER BY at`,
    [from],
  );
  return { resolution, stepMs: stepS * 1000, points };
}
