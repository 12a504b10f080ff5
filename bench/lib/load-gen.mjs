#!/usr/bin/env node
// The read-throughput scenario's load generator, run as its own process so that its CPU is not the
// bench's: N clients, each on its own kept-alive connection, send GET requests back to back for a
// while, then one JSON line on stdout: requests per second, each request's latency (send to the last
// byte of the answer), errors, and the CPU this process used.
//   node bench/lib/load-gen.mjs '{"baseURL":…,"cookie":…,"clients":50,"warmupMs":2000,"durationMs":10000,"paths":[…]}'
import http from 'node:http';

const { baseURL, cookie, clients, warmupMs, durationMs, paths } = JSON.parse(process.argv[2]);
const url = new URL(baseURL);
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });

function get(path) {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: url.hostname, port: url.port, path, agent, headers: { cookie, origin: baseURL } },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.statusCode));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}

const started = performance.now();
const measureFrom = started + warmupMs;
const end = measureFrom + durationMs;
const latencies = [];
const errors = {};
let next = 0;

async function client() {
  while (performance.now() < end) {
    const path = paths[next++ % paths.length];
    const t = performance.now();
    let outcome;
    try {
      outcome = await get(path);
    } catch (e) {
      outcome = e.code ?? 'error';
    }
    const done = performance.now();
    if (t < measureFrom || done > end) continue;
    if (outcome === 200) latencies.push(done - t);
    else errors[outcome] = (errors[outcome] ?? 0) + 1;
  }
}

const cpu0 = process.cpuUsage();
await Promise.all(Array.from({ length: clients }, client));
const cpu = process.cpuUsage(cpu0);
agent.destroy();
const seconds = durationMs / 1000;
process.stdout.write(
  `${JSON.stringify({
    perSecond: latencies.length / seconds,
    latencies,
    errors,
    cores: (cpu.user + cpu.system) / 1e6 / ((performance.now() - started) / 1000),
  })}\n`,
);
