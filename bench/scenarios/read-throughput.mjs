// Throughput of the live views' reads (issue 22): 50 clients with a real session cookie send
// nodes.list and cluster.overview back to back over HTTP, from a load generator in its own process
// (bench/lib/load-gen.mjs), as many open nodes pages and dashboards would. Per read: requests a
// second and each request's latency (to the last byte), the 1-minute load average, and the CPU the
// console and the load generator used meanwhile. The fleet runs in its own process too.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { cpuSeconds } from '../lib/proc.mjs';

export const name = 'read-throughput';
export const description = '50 concurrent clients: nodes.list and cluster.overview, requests/s and latency';

const CLIENTS = Number(process.env.BENCH_READ_CLIENTS ?? 50);
const DURATION_MS = Number(process.env.BENCH_READ_MS ?? 10_000);
const WARMUP_MS = 2000;
const LOAD_GEN = path.join(path.dirname(fileURLToPath(import.meta.url)), '../lib/load-gen.mjs');

const query = (proc, input) =>
  `/api/trpc/${proc}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`}`;
const pages = (nodes, size) =>
  Array.from({ length: Math.ceil(nodes / size) }, (_, i) => query('nodes.list', { page: i + 1, pageSize: size }));

export async function run({ baseURL, api, nodes, consolePid }) {
  const cookie = api.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const overview = query('cluster.overview');
  const reads = [
    { label: 'nodes.list page of 100', paths: pages(nodes, 100), check: true },
    { label: 'nodes.list page of 500 (largest)', paths: pages(nodes, 500) },
    { label: 'cluster.overview', paths: [overview], check: true },
    // What an open nodes page asks for: its page and the totals.
    { label: 'nodes.list page of 100 + cluster.overview, alternating', paths: interleave(pages(nodes, 100), overview) },
    // The floor, to tell the reads' own cost from the framework's: a tRPC query with the session and
    // one small query, and a Next.js route (through the page proxy) that only runs SELECT 1.
    { label: 'reference: me.get (session check, tRPC, one small query)', paths: [query('me.get')] },
    { label: 'reference: /api/health (Next.js route, SELECT 1)', paths: ['/api/health'] },
  ];
  const rows = [];
  for (const r of reads) {
    const cpu0 = cpuSeconds(consolePid());
    const t0 = performance.now();
    const out = await loadGen({
      baseURL,
      cookie,
      clients: CLIENTS,
      warmupMs: WARMUP_MS,
      durationMs: DURATION_MS,
      paths: r.paths,
    });
    const consoleCores = (cpuSeconds(consolePid()) - cpu0) / ((performance.now() - t0) / 1000);
    const load = Math.round(os.loadavg()[0] * 10) / 10;
    const failed = Object.entries(out.errors);
    if (failed.length > 0) throw new Error(`${r.label}: ${failed.map(([k, v]) => `${v}× ${k}`).join(', ')}`);
    const what = `${r.label}, ${nodes} nodes, ${CLIENTS} clients (load ${load}; CPU: console ${consoleCores.toFixed(2)}, load generator ${out.cores.toFixed(2)} cores)`;
    rows.push(
      {
        metric: `${what}: throughput`,
        unit: 'req/s',
        samples: [out.perSecond],
        ...(r.check && { target: '≥ 500', check: { stat: 'median', min: 500 } }),
      },
      {
        metric: `${what}: latency`,
        unit: 'ms',
        samples: out.latencies,
        ...(r.check && { target: 'p95 ≤ 100', check: { stat: 'p95', max: 100 } }),
      },
    );
  }
  return rows;
}

function interleave(list, other) {
  return list.flatMap((p) => [p, other]);
}

function loadGen(config) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LOAD_GEN, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load generator exited with ${code}`));
      else resolve(JSON.parse(out));
    });
  });
}
