#!/usr/bin/env node
// `npm run bench`: starts the built console and a local cluster, runs every scenario in
// bench/scenarios/ (each registers itself by exporting { name, description, run }, optionally `order`),
// and writes bench/results.json and bench/RESULTS.md with medians and p95s. Targets live here and in
// the scenarios, not in tests.
// Scenarios get { baseURL, api, agents, nodes, fleet, dataDir, log, database, databaseUrl (PostgreSQL or
// null), consolePid(), collectorPid() (the process that collects), restartConsole }.
//   BENCH_ONLY=failure-detection npm run bench      run one scenario (results of the others are kept)
//   BENCH_CONSOLE_LOG=/tmp/console.log               keep the console's output
//   BENCH_NODES=1000 npm run bench                   5 agent processes + 995 fleet nodes in one process
//   BENCH_NODES=5,1000 npm run bench                 one run per size, smallest first: the smaller sizes
//                                                    run only the scenarios with rows per size (resultKey,
//                                                    e.g. propagation at 20 nodes), the largest runs all
//   DATABASE_URL=postgres://… npm run bench          on PostgreSQL, then on PGlite for comparison
//                                                    (BENCH_DB=postgresql or pglite: only that one);
//                                                    a fresh database is made and dropped
//   BENCH_COLLECTOR=process npm run bench            PostgreSQL, the console with CC_COLLECTOR=off and
//                                                    `npm run collector` as its own process (reported
//                                                    as a column of its own)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { formatResults, mergeResults, summarize } from '../bench/lib/report.mjs';
import { sampleResources } from '../bench/lib/resources.mjs';
import {
  buildConsole,
  CONSOLE_HEAP_MB,
  freePort,
  planCluster,
  ROOT,
  seedDemo,
  spawnConsole,
  startAgents,
  startFleet,
  stopProcess,
  waitForHealth,
} from './lib/cluster.mjs';

process.env.NEXT_TELEMETRY_DISABLED = '1';
const say = (m) => console.log(`[bench] ${m}`);
/** The server to make bench databases on. No child inherits it: each run says which database it uses. */
const ADMIN_URL = process.env.DATABASE_URL;
delete process.env.DATABASE_URL;

/** The demo cluster's agent processes; BENCH_NODES beyond these run as fleet nodes in one process. */
const AGENT_PROCESSES = 5;
const SIZES = (process.env.BENCH_NODES ?? String(AGENT_PROCESSES))
  .split(',')
  .map((n) => Math.max(AGENT_PROCESSES, Number(n)))
  .sort((a, b) => a - b);
if (SIZES.some((n) => !Number.isInteger(n)))
  throw new Error('BENCH_NODES must be a number of nodes, or several with commas');
const databases = (() => {
  const pick = process.env.BENCH_DB ?? (ADMIN_URL ? 'both' : 'pglite');
  if (!['both', 'postgresql', 'pglite'].includes(pick)) throw new Error(`BENCH_DB must be both, postgresql or pglite`);
  if (pick !== 'pglite' && !ADMIN_URL) throw new Error(`BENCH_DB=${pick} needs DATABASE_URL`);
  return pick === 'both' ? ['postgresql', 'pglite'] : [pick];
})();
/** The collector in its own process (`npm run collector`) rather than in the console's: PostgreSQL only. */
const SPLIT = process.env.BENCH_COLLECTOR === 'process';
if (SPLIT && !ADMIN_URL) throw new Error('BENCH_COLLECTOR=process needs DATABASE_URL (PostgreSQL)');
if (SPLIT) databases.splice(0, databases.length, 'postgresql');

const built = buildConsole();
if (built !== 0) process.exit(built);

const scenarioDir = path.join(ROOT, 'bench/scenarios');
const only = process.env.BENCH_ONLY?.split(',');
const scenarios = [];
for (const file of fs
  .readdirSync(scenarioDir)
  .filter((f) => f.endsWith('.mjs'))
  .sort()) {
  const mod = await import(pathToFileURL(path.join(scenarioDir, file)).href);
  if (!only || only.includes(mod.name)) scenarios.push(mod);
}
// Scenarios that change the cluster for good (a million rows) say so with a later `order`.
scenarios.sort((a, b) => (a.order ?? 50) - (b.order ?? 50));

const resultsFile = path.join(ROOT, 'bench/results.json');
let doc = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : null;
const failures = [];
let exitCode = 0;
for (const database of databases) {
  try {
    let runs = {};
    for (const nodes of SIZES) {
      const largest = nodes === SIZES.at(-1);
      const here = largest ? scenarios : scenarios.filter((s) => s.resultKey);
      if (here.length > 0) runs = { ...runs, ...(await runOn(database, nodes, here, largest)) };
    }
    doc = mergeResults(doc, SPLIT ? 'postgresql-split' : database, runs, machine());
    // Written after each database, so a failure in the second keeps the first.
    fs.writeFileSync(resultsFile, `${JSON.stringify(doc, null, 2)}\n`);
    const md = path.join(ROOT, 'bench/RESULTS.md');
    fs.writeFileSync(md, formatResults(doc, fs.existsSync(md) ? fs.readFileSync(md, 'utf8') : ''));
  } catch (e) {
    console.error(`[bench] ${database}: ${e instanceof Error ? e.stack : String(e)}`);
    exitCode = 1;
  }
}
if (exitCode === 0) console.log(fs.readFileSync(path.join(ROOT, 'bench/RESULTS.md'), 'utf8'));
if (failures.length > 0) console.error(`[bench] failed: ${failures.join(', ')}`);
process.exit(failures.length > 0 ? 1 : exitCode);

/**
 * One whole run on one database and cluster size: fresh data dir, agents, fleet and console; returns each
 * scenario's results (and the footprint over the run when `withResources`).
 */
async function runOn(database, size, scenarios, withResources) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-'));
  const children = [];
  const running = { agents: [], fleet: null };
  let dbName = null;
  let sampler = null;
  try {
    const env = {
      CC_DATA_DIR: dataDir,
      CC_ADMIN_EMAIL: 'bench@bench.local',
      CC_ADMIN_PASSWORD: 'bench-password-0123456789',
      CC_SIGNIN_PER_MINUTE: '1000',
      // The resources sampler reads the console's heap from /metrics.
      CC_METRICS_TOKEN: randomBytes(24).toString('base64url'),
      ...(SPLIT && { CC_COLLECTOR: 'off' }),
    };
    if (database === 'postgresql') {
      dbName = `cc_bench_${randomBytes(5).toString('hex')}`;
      await adminQuery(`CREATE DATABASE ${dbName}`);
      const url = new URL(ADMIN_URL);
      url.pathname = `/${dbName}`;
      env.DATABASE_URL = url.toString();
    }
    const plan = await planCluster({ frontends: 2, backends: 3, dataDir });
    const { agents, demoFile } = await startAgents(plan, { dataDir });
    // Scenarios restart agents (new PIDs): stop them through this list, which they update.
    running.agents = agents;
    let nodesFile = demoFile;
    if (size > AGENT_PROCESSES) {
      const started = Date.now();
      // The demo cluster's backends elect the Controller: the fleet's stay out of the election.
      running.fleet = await startFleet({
        count: size - AGENT_PROCESSES,
        dataDir: path.join(dataDir, 'fleet'),
        args: ['--election-group=0'],
        log: say,
      });
      say(`fleet: ${running.fleet.nodes.length} nodes in process ${running.fleet.pid} in ${Date.now() - started} ms`);
      nodesFile = path.join(dataDir, 'all-nodes.json');
      const all = [...JSON.parse(fs.readFileSync(demoFile, 'utf8')), ...running.fleet.nodes];
      fs.writeFileSync(nodesFile, JSON.stringify(all), { mode: 0o600 });
    }
    const port = await freePort();
    const baseURL = `http://127.0.0.1:${port}`;
    const started = Date.now();
    const consoleLog = process.env.BENCH_CONSOLE_LOG
      ? (line) => fs.appendFileSync(process.env.BENCH_CONSOLE_LOG, `${line}\n`)
      : undefined;
    const watch = (child) => {
      child.once('exit', (code, signal) => {
        if (children.includes(child)) say(`console exited unexpectedly (code ${code}, signal ${signal})`);
      });
      return child;
    };
    // Registering a thousand nodes (an audit entry each) takes a while on the embedded database.
    await seedDemo({ env, nodes: nodesFile, log: consoleLog });
    let consoleProc = watch(spawnConsole({ port, env, log: consoleLog }));
    children.push(consoleProc);
    await waitForHealth(baseURL, { child: consoleProc, timeoutMs: 600_000 });
    say(`console up with ${size} nodes registered in ${Date.now() - started} ms`);
    // After the console: it makes the master key (in CC_DATA_DIR) the collector opens the tokens with.
    const collectorProc = SPLIT ? startCollector(env, consoleLog) : null;
    if (collectorProc) children.push(collectorProc);
    // For scenarios that write to the database directly: PGlite is single-process, so the console
    // stops meanwhile (sessions live in the database and survive the restart). The nodes are
    // registered already: no second round of registrations.
    const restartConsole = async (whileStopped) => {
      children.splice(children.indexOf(consoleProc), 1);
      await stopProcess(consoleProc.pid);
      try {
        await whileStopped();
      } finally {
        consoleProc = watch(spawnConsole({ port, env, log: consoleLog }));
        children.push(consoleProc);
        await waitForHealth(baseURL, { child: consoleProc, timeoutMs: 600_000 });
      }
    };
    const api = await signedInClient(baseURL, env.CC_ADMIN_EMAIL, env.CC_ADMIN_PASSWORD);
    say(`console at ${baseURL} on ${database}, ${agents.length} agent processes, ${size} nodes`);
    sampler = sampleResources(
      {
        console: () => consoleProc.pid,
        collector: () => collectorProc?.pid ?? null,
        fleet: () => running.fleet?.pid ?? null,
      },
      {
        metricsText: async () =>
          (await fetch(`${baseURL}/metrics`, { headers: { authorization: `Bearer ${env.CC_METRICS_TOKEN}` } })).text(),
      },
    );

    const runs = {};
    for (const s of scenarios) {
      say(`running ${s.name}…`);
      const at = new Date().toISOString();
      // A failed scenario is reported as such and the others still run (the cluster may be left odd).
      const metrics = await s
        .run({
          baseURL,
          api,
          agents,
          nodes: size,
          fleet: running.fleet,
          dataDir,
          log: say,
          database,
          databaseUrl: env.DATABASE_URL ?? null,
          consolePid: () => consoleProc.pid,
          collectorPid: () => (collectorProc ?? consoleProc).pid,
          restartConsole,
        })
        .catch((e) => {
          console.error(`[bench] ${s.name} failed: ${e instanceof Error ? e.stack : String(e)}`);
          failures.push(`${database}: ${s.name}`);
          return { error: e instanceof Error ? e.message : String(e) };
        });
      // The machine's 1-minute load average when the scenario ended: how much else competed for the cores.
      const load = Math.round(os.loadavg()[0] * 10) / 10;
      // A scenario may keep results per size (resultKey), e.g. propagation at 20 nodes and with a fleet.
      runs[s.resultKey?.(size) ?? s.name] = metrics.error
        ? { at, nodes: size, load, description: s.description, error: metrics.error, results: [] }
        : { at, nodes: size, load, description: s.description, results: metrics.map(summarize) };
    }
    const resources = sampler.stop();
    // A partial run's footprint says little about the whole bench's: it replaces the rows only when asked
    // (BENCH_ONLY=...,resources), so measuring one scenario does not overwrite a full run's RSS.
    if (withResources && (!only || only.includes('resources')))
      runs.resources = {
        at: new Date().toISOString(),
        nodes: size,
        description: `sampled every ${resources.everyMs / 1000} s over the whole run (${scenarios.map((s) => s.name).join(', ')})`,
        results: resources.metrics.map(summarize),
      };
    return runs;
  } finally {
    sampler?.stop();
    const stopping = children.splice(0);
    await Promise.all([
      // A profiled console writes its profile as it exits: give it time rather than a SIGKILL.
      ...stopping.map((c) => stopProcess(c.pid, { graceMs: process.env.BENCH_PROFILE ? 60_000 : 5000 })),
      ...running.agents.map((a) => stopProcess(a.pid)),
      running.fleet && stopProcess(running.fleet.pid, { graceMs: 15_000 }),
    ]);
    if (dbName) await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `npm run collector` on the bench database; its output goes where the console's does. */
function startCollector(env, log = () => {}) {
  // The heap cap `npm run collector` sets (package.json): the console's, which holds a collector too.
  const heap = `--max-old-space-size=${CONSOLE_HEAP_MB}`;
  const child = spawn(process.execPath, [heap, path.join(ROOT, 'scripts/collector.mjs')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => log(String(d).trimEnd()));
  child.stderr.on('data', (d) => log(String(d).trimEnd()));
  child.once('exit', (code, signal) => say(`collector process exited (code ${code}, signal ${signal})`));
  return child;
}

async function adminQuery(sql) {
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

function machine() {
  return { cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
}

/** A tiny tRPC-over-HTTP client with the admin's session cookie (also handed to the browser scenario). */
async function signedInClient(baseURL, email, password) {
  const res = await fetch(`${baseURL}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseURL },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  const cookie = cookies.join('; ');
  const call = async (kind, proc, input, retried = false) => {
    const url =
      kind === 'query'
        ? `${baseURL}/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`
        : `${baseURL}/api/trpc/${proc}`;
    const r = await fetch(url, {
      method: kind === 'query' ? 'GET' : 'POST',
      headers: { cookie, origin: baseURL, 'content-type': 'application/json' },
      body: kind === 'query' ? undefined : JSON.stringify({ json: input }),
    }).catch((e) => {
      // A kept-alive connection the server closed just as it was reused: a query may simply go again.
      if (kind === 'query' && !retried && ['ECONNRESET', 'UND_ERR_SOCKET'].includes(e.cause?.code)) return null;
      throw new Error(`${proc}: ${e.cause?.message ?? e.message}`, { cause: e });
    });
    if (r === null) {
      say(`${proc}: connection reset by the console, asking again`);
      return call(kind, proc, input, true);
    }
    const body = await r.json();
    if (!r.ok) throw new Error(`${proc}: ${r.status} ${JSON.stringify(body)}`);
    return body.result.data.json;
  };
  /**
   * A query's server time, read as the time to the response headers (the console answers a query only
   * once its whole result is serialised), and the full round trip with the body downloaded (not parsed).
   */
  const timedQuery = async (proc, input = {}) => {
    const url = `${baseURL}/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
    const started = performance.now();
    const r = await fetch(url, { headers: { cookie, origin: baseURL } });
    const headersMs = performance.now() - started;
    const body = await r.arrayBuffer();
    if (!r.ok) throw new Error(`${proc}: ${r.status} ${Buffer.from(body).toString('utf8').slice(0, 200)}`);
    return { headersMs, totalMs: performance.now() - started, bytes: body.byteLength };
  };
  return {
    query: (p, i = {}) => call('query', p, i),
    timedQuery,
    mutate: (p, i = {}) => call('mutation', p, i),
    /** name=value pairs of the session cookies. */
    cookies: cookies.map((c) => ({ name: c.slice(0, c.indexOf('=')), value: c.slice(c.indexOf('=') + 1) })),
  };
}
