#!/usr/bin/env node
// `npm run bench`: starts the built console and a local cluster, runs every scenario in
// bench/scenarios/ (each registers itself by exporting { name, description, run }), and writes
// bench/results.json and bench/RESULTS.md with medians and p95s. Targets live here, not in tests.
// Scenarios get { baseURL, api, agents, dataDir, log, databaseUrl (PostgreSQL or null), restartConsole }.
//   BENCH_ONLY=failure-detection npm run bench      run one scenario
//   DATABASE_URL=postgres://… npm run bench          on PostgreSQL (a fresh database is made and dropped)
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import {
  buildConsole,
  freePort,
  planCluster,
  ROOT,
  spawnConsole,
  startAgents,
  stopProcess,
  waitForHealth,
} from './lib/cluster.mjs';

process.env.NEXT_TELEMETRY_DISABLED = '1';
const say = (m) => console.log(`[bench] ${m}`);

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

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-'));
const children = [];
const running = { agents: [] };
let dbName = null;
let exitCode = 0;
try {
  const env = {
    CC_DATA_DIR: dataDir,
    CC_ADMIN_EMAIL: 'bench@bench.local',
    CC_ADMIN_PASSWORD: 'bench-password-0123456789',
    CC_SIGNIN_PER_MINUTE: '1000',
  };
  if (process.env.DATABASE_URL) {
    const pg = (await import('pg')).default;
    dbName = `cc_bench_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
  }
  const plan = await planCluster({ frontends: 2, backends: 3, dataDir });
  const { agents, demoFile } = await startAgents(plan, { dataDir });
  // Scenarios restart agents (new PIDs): stop them through this list, which they update.
  running.agents = agents;
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  let consoleProc = spawnConsole({ port, env: { ...env, CC_DEMO_NODES: demoFile } });
  children.push(consoleProc);
  await waitForHealth(baseURL, { child: consoleProc });
  // For scenarios that write to the database directly: PGlite is single-process, so the console
  // stops meanwhile (sessions live in the database and survive the restart).
  const restartConsole = async (whileStopped) => {
    await stopProcess(consoleProc.pid);
    children.splice(children.indexOf(consoleProc), 1);
    try {
      await whileStopped();
    } finally {
      consoleProc = spawnConsole({ port, env: { ...env, CC_DEMO_NODES: demoFile } });
      children.push(consoleProc);
      await waitForHealth(baseURL, { child: consoleProc });
    }
  };
  const api = await signedInClient(baseURL, env.CC_ADMIN_EMAIL, env.CC_ADMIN_PASSWORD);
  say(`console at ${baseURL} on ${env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, ${agents.length} agents`);

  const results = [];
  for (const s of scenarios) {
    say(`running ${s.name}…`);
    const metrics = await s.run({
      baseURL,
      api,
      agents,
      dataDir,
      log: say,
      databaseUrl: env.DATABASE_URL ?? null,
      restartConsole,
    });
    for (const m of metrics) results.push({ scenario: s.name, description: s.description, ...summarize(m) });
  }
  writeResults(results, env.DATABASE_URL ? 'postgresql' : 'pglite');
} catch (e) {
  console.error(`[bench] ${e instanceof Error ? e.stack : String(e)}`);
  exitCode = 1;
} finally {
  await Promise.all([...children.map((c) => stopProcess(c.pid)), ...running.agents.map((a) => stopProcess(a.pid))]);
  if (dbName) {
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);

/** A tiny tRPC-over-HTTP client with the admin's session cookie. */
async function signedInClient(baseURL, email, password) {
  const res = await fetch(`${baseURL}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseURL },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const call = async (kind, proc, input) => {
    const url =
      kind === 'query'
        ? `${baseURL}/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`
        : `${baseURL}/api/trpc/${proc}`;
    const r = await fetch(url, {
      method: kind === 'query' ? 'GET' : 'POST',
      headers: { cookie, origin: baseURL, 'content-type': 'application/json' },
      body: kind === 'query' ? undefined : JSON.stringify({ json: input }),
    });
    const body = await r.json();
    if (!r.ok) throw new Error(`${proc}: ${r.status} ${JSON.stringify(body)}`);
    return body.result.data.json;
  };
  return { query: (p, i = {}) => call('query', p, i), mutate: (p, i = {}) => call('mutation', p, i) };
}

function summarize({ metric, unit, samples, target }) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return {
    metric,
    unit,
    n: samples.length,
    median: at(0.5),
    p95: at(0.95),
    min: sorted[0],
    max: sorted.at(-1),
    target,
  };
}

function writeResults(results, database) {
  const machine = { cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
  const doc = { at: new Date().toISOString(), database, machine, results };
  fs.writeFileSync(path.join(ROOT, 'bench/results.json'), `${JSON.stringify(doc, null, 2)}\n`);
  const fmt = (v) => (Number.isFinite(v) ? (Math.round(v * 10) / 10).toLocaleString('en-US') : '–');
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${doc.at} · database: ${database} · ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}.`,
    'Shared, noisy machines: compare medians and ratios, not single runs.',
    '',
    '| scenario | metric | n | median | p95 | min | max | target |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...results.map(
      (r) =>
        `| ${r.scenario} | ${r.metric} (${r.unit}) | ${r.n} | ${fmt(r.median)} | ${fmt(r.p95)} | ${fmt(r.min)} | ${fmt(r.max)} | ${r.target ?? ''} |`,
    ),
    '',
  ];
  fs.writeFileSync(path.join(ROOT, 'bench/RESULTS.md'), lines.join('\n'));
  console.log(lines.join('\n'));
}
