// Samples the console's and the fleet's resident memory and CPU every few seconds for a whole run,
// so the report shows the peak (after a million accounts, with a thousand nodes polled) and not just
// a quiet moment.
import { cpuSeconds, rssBytes } from './proc.mjs';

const MiB = 2 ** 20;

/**
 * `pids` are getters: the console is restarted by some scenarios. `metricsText` (optional) returns the
 * console's /metrics text: its V8 heap is sampled too, to tell what of the resident memory is heap.
 */
export function sampleResources(pids, { everyMs = 2000, metricsText } = {}) {
  const heap = { used: [], total: [], external: [] };
  const scrape = async () => {
    const text = await metricsText().catch(() => '');
    const kind = (k) => Number(new RegExp(`^cc_console_memory_bytes\\{kind="${k}"\\} (\\S+)$`, 'm').exec(text)?.[1]);
    const [used, total, external] = ['heap_used', 'heap_total', 'external'].map(kind);
    if (used > 0) {
      heap.used.push(used / MiB);
      heap.total.push(total / MiB);
      heap.external.push(external / MiB);
    }
  };
  const rss = { console: [], collector: [], fleet: [] };
  const cores = { console: [], collector: [], fleet: [] };
  const last = {};
  const sample = () => {
    const now = performance.now();
    for (const who of ['console', 'collector', 'fleet']) {
      const pid = pids[who]?.();
      if (!pid) continue;
      const bytes = rssBytes(pid);
      if (bytes > 0) rss[who].push(bytes / MiB);
      const cpu = cpuSeconds(pid);
      const prev = last[who];
      // Across a restart (new pid) the counter starts again: skip that interval.
      if (prev && prev.pid === pid && cpu >= prev.cpu) cores[who].push((cpu - prev.cpu) / ((now - prev.at) / 1000));
      last[who] = { pid, cpu, at: now };
    }
  };
  let ticks = 0;
  const timer = setInterval(() => {
    sample();
    // /metrics reads every node's row: every fifth sample, so the measuring adds little to the console's load.
    if (metricsText && ticks++ % 5 === 0) void scrape();
  }, everyMs);
  timer.unref();
  sample();
  let result;
  return {
    stop() {
      if (result) return result;
      clearInterval(timer);
      const metrics = [
        {
          metric: 'console RSS (process tree)',
          unit: 'MiB',
          samples: rss.console,
          // Issue 22: with the collector inside and 1,000 nodes (was 400).
          target: '≤ 350 (max)',
          check: { stat: 'max', max: 350 },
        },
        { metric: 'console CPU', unit: 'cores', samples: cores.console },
      ];
      if (heap.used.length > 0) {
        metrics.push(
          { metric: 'console V8 heap in use (of the RSS above)', unit: 'MiB', samples: heap.used },
          { metric: 'console V8 heap reserved', unit: 'MiB', samples: heap.total },
          {
            metric: 'console memory outside the V8 heap held by JS objects (buffers, wasm)',
            unit: 'MiB',
            samples: heap.external,
          },
        );
      }
      if (rss.collector.length > 0) {
        metrics.push(
          { metric: 'collector process RSS (npm run collector)', unit: 'MiB', samples: rss.collector },
          { metric: 'collector process CPU', unit: 'cores', samples: cores.collector },
        );
      }
      if (rss.fleet.length > 0) {
        metrics.push(
          { metric: 'fleet RSS, all fleet nodes in one process', unit: 'MiB', samples: rss.fleet },
          { metric: 'fleet CPU, all fleet nodes in one process', unit: 'cores', samples: cores.fleet },
        );
      }
      result = { everyMs, metrics };
      return result;
    },
  };
}
