/** A chart point: epoch ms and numbers, null where the line must break. */
export type SeriesPoint = { t: number } & Record<string, number | null>;

/** Samples arrive about every 2 s; a longer silence is an outage and must show as a gap. */
const MIN_GAP_MS = 10_000;

/**
 * The server already picks a resolution that keeps a range to about a thousand points (raw, 1-minute
 * or 10-minute buckets); here a null point goes wherever the node was silent for three steps, so
 * Recharts breaks the line instead of drawing a straight bridge across downtime.
 */
export function withGaps<P extends { t: number }>(points: readonly P[], stepMs: number): Array<P | { t: number }> {
  const gapMs = Math.max(MIN_GAP_MS, stepMs * 3);
  const out: Array<P | { t: number }> = [];
  for (const p of points) {
    const prev = out[out.length - 1];
    if (prev && p.t - prev.t > gapMs) out.push({ t: prev.t + 1 });
    out.push(p);
  }
  return out;
}

/**
 * Joins a long window fetched rarely with a short raw tail fetched often: the tail wins from its first
 * point on, and nothing older than the window start is kept.
 */
export function mergeHistory<P extends { t: number }>(
  base: readonly P[] | undefined,
  tail: readonly P[] | undefined,
  windowStart: number,
): P[] {
  const tailStart = tail?.[0]?.t ?? Number.POSITIVE_INFINITY;
  const older = (base ?? []).filter((s) => s.t >= windowStart && s.t < tailStart);
  return tail ? older.concat(tail) : older;
}
