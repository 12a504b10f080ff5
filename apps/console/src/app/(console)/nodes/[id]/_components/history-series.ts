import type { HistorySample } from '~/components/api-types';

export interface ChartPoint {
  t: number;
  cpu: number | null;
  sessions: number | null;
  accounts: number | null;
}

/** Enough points for a chart a few hundred pixels wide; 6 h of 2 s samples would be 10,800. */
const TARGET_POINTS = 360;
/** Samples arrive about every 2 s; a longer silence is an outage and must show as a gap. */
const MIN_GAP_MS = 10_000;

/**
 * Averages samples into fixed time buckets and inserts a null point wherever the node was silent,
 * so Recharts breaks the line instead of drawing a straight bridge across downtime.
 */
export function toChartSeries(samples: readonly HistorySample[], rangeMs: number): ChartPoint[] {
  const bucketMs = Math.max(2000, Math.floor(rangeMs / TARGET_POINTS));
  const gapMs = Math.max(MIN_GAP_MS, bucketMs * 3);
  const points: ChartPoint[] = [];
  let bucket = Number.NaN;
  let n = 0;
  let cpu = 0;
  let sessions = 0;
  let accounts = 0;
  let tSum = 0;

  const flush = () => {
    if (n === 0) return;
    const t = Math.round(tSum / n);
    const prev = points[points.length - 1];
    if (prev && t - prev.t > gapMs) points.push({ t: prev.t + 1, cpu: null, sessions: null, accounts: null });
    points.push({ t, cpu: cpu / n, sessions: Math.round(sessions / n), accounts: Math.round(accounts / n) });
    n = cpu = sessions = accounts = tSum = 0;
  };

  for (const s of samples) {
    const at = s.at.getTime();
    const b = Math.floor(at / bucketMs);
    if (b !== bucket) {
      flush();
      bucket = b;
    }
    n += 1;
    cpu += s.cpuPercent;
    sessions += s.sessionsTotal;
    accounts += s.accountsOpen;
    tSum += at;
  }
  flush();
  return points;
}

/**
 * Joins a long window fetched rarely with a short tail fetched often: the tail wins where they
 * overlap, and nothing older than the window start is kept.
 */
export function mergeHistory(
  base: readonly HistorySample[] | undefined,
  tail: readonly HistorySample[] | undefined,
  windowStart: number,
): HistorySample[] {
  const tailStart = tail?.[0]?.at.getTime() ?? Number.POSITIVE_INFINITY;
  const older = (base ?? []).filter((s) => {
    const at = s.at.getTime();
    return at >= windowStart && at < tailStart;
  });
  return tail ? older.concat(tail) : older;
}
