// In-process measurements for /metrics: tRPC request latency and the collector's rounds. Pinned on
// globalThis because Next.js may load this module in several bundles of one process.

/** Upper bounds (seconds) of the latency histogram's buckets. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

interface Series {
  counts: number[];
  sum: number;
  count: number;
}

interface Registry {
  /** One histogram over every request (the test's parser reads label-less histograms only). */
  latency: Series;
  /** Requests by method and status code. */
  requests: Map<string, number>;
  collector: { lastRoundMs: number | null; lastRoundAt: number | null; rounds: number };
}

const KEY = Symbol.for('cluster-console.metrics');
const g = globalThis as { [KEY]?: Registry };
const registry: Registry = (g[KEY] ??= {
  latency: { counts: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 },
  requests: new Map(),
  collector: { lastRoundMs: null, lastRoundAt: null, rounds: 0 },
});

/** One tRPC HTTP request, from arrival to the response head. */
export function observeRequest(method: string, code: number, seconds: number): void {
  const key = `${method}\u0000${code}`;
  registry.requests.set(key, (registry.requests.get(key) ?? 0) + 1);
  const s = registry.latency;
  LATENCY_BUCKETS.forEach((le, i) => {
    if (seconds <= le) s.counts[i]! += 1;
  });
  s.sum += seconds;
  s.count += 1;
}

export function latency(): Series {
  return { ...registry.latency, counts: [...registry.latency.counts] };
}

export function requestCounts(): Array<{ method: string; code: string; count: number }> {
  return [...registry.requests.entries()].map(([key, count]) => {
    const [method, code] = key.split('\u0000') as [string, string];
    return { method, code, count };
  });
}

/** A collector round in this process finished after `ms`. */
export function recordCollectorRound(ms: number): void {
  registry.collector.lastRoundMs = ms;
  registry.collector.lastRoundAt = Date.now();
  registry.collector.rounds += 1;
}

export function collectorRounds() {
  return { ...registry.collector };
}
