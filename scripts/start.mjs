#!/usr/bin/env node
// `npm start`: builds the console, starts a demo cluster of 5 local node agents (2 frontends,
// 3 backends), registers them (scripts/demo-seed.mjs, with the demo domains), and serves the console
// on the embedded database (or DATABASE_URL). The production console is `npm run serve`.
// Ctrl-C stops everything this script started.
import fs from 'node:fs';
import path from 'node:path';

import {
  buildConsole,
  freePort,
  planCluster,
  ROOT,
  seedDemo,
  spawnConsole,
  startAgents,
  stopProcess,
  waitForHealth,
  writeDemoDomains,
} from './lib/cluster.mjs';

process.env.NEXT_TELEMETRY_DISABLED = '1';
process.env.TURBO_TELEMETRY_DISABLED = '1';
const dataDir = path.resolve(process.env.CC_DATA_DIR ?? path.join(ROOT, '.data'));
const say = (msg) => console.log(`[start] ${msg}`);

say('building the console (cached when nothing changed)…');
const built = buildConsole();
if (built !== 0) process.exit(built);

const children = [];
let stopping = false;
async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  await Promise.all(children.map((c) => stopProcess(c.pid)));
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  const plan = await planCluster({ frontends: 2, backends: 3, dataDir, meanSessionMs: 20_000 });
  const { agents, demoFile } = await startAgents(plan, { dataDir, log: (l) => console.error(l) });
  children.push(...agents.map((a) => a.child));
  say(`started ${agents.length} node agents: ${agents.map((a) => `${a.name} (${a.adminUrl})`).join(', ')}`);

  // The demo's nodes (re-pointed at this run's ports) and domains go in before the console opens the
  // database: the production runtime seeds nothing, and PGlite takes one process at a time.
  const env = { CC_DATA_DIR: dataDir };
  await seedDemo({ env, nodes: demoFile, domains: writeDemoDomains(dataDir), log: (l) => console.log(l) });
  const port = Number(process.env.PORT ?? 0) || (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const consoleProc = spawnConsole({ port, env, log: (l) => console.log(l) });
  children.push(consoleProc);
  consoleProc.on('exit', (code) => !stopping && (console.error(`[start] console exited (${code})`), void stopAll(1)));
  await waitForHealth(url, { child: consoleProc });

  const credsFile = path.join(dataDir, 'initial-admin.json');
  console.log('');
  say(`Cluster Console is running at ${url}`);
  if (fs.existsSync(credsFile)) {
    const { email, password } = JSON.parse(fs.readFileSync(credsFile, 'utf8'));
    // The demo's terminal only: the console itself never logs the password (it is in the 0600 file).
    say(`sign in as ${email} / ${password}`);
    say(`(generated at first start; kept in ${path.relative(ROOT, credsFile)}, mode 0600)`);
  } else {
    say('sign in with the administrator account you configured (CC_ADMIN_EMAIL / CC_ADMIN_PASSWORD).');
  }
  say('press Ctrl-C to stop the console and the demo cluster.');
} catch (e) {
  console.error(`[start] ${e instanceof Error ? e.message : String(e)}`);
  await stopAll(1);
}
