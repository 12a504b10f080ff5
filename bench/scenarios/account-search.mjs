// Account search with 1,000,000 accounts in 100 shared domains: accounts.list over HTTP with the
// searches an administrator types (a name prefix across every domain, "name@domain-prefix", one
// domain, no match, the next page). The accounts are written by the seed command (`npm run seed`,
// scripts/seed.mjs) against the console's own database; on PGlite (single-process) the console is
// stopped meanwhile. Runs after the other scenarios: the million rows stay.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

import { ROOT } from '../../scripts/lib/cluster.mjs';

export const name = 'account-search';
export const description = 'accounts.list search across 1,000,000 accounts in 100 domains, over HTTP';
export const order = 80;

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1_000_000);
const DOMAINS = Number(process.env.BENCH_DOMAINS ?? 100);
const ROUNDS = Number(process.env.BENCH_SEARCH_ROUNDS ?? 20);
const SUFFIX = 'seed.example';
const SETTLE_MS = Number(process.env.BENCH_SEARCH_SETTLE_MS ?? 10_000);
/** Searches as operators type them, a few a second each, not back to back. */
const pause = () => new Promise((r) => setTimeout(r, 50));
const fmt = (n) => n.toLocaleString('en-US');

export async function run({ api, dataDir, databaseUrl, restartConsole, log }) {
  let seeded;
  const env = databaseUrl ? { DATABASE_URL: databaseUrl } : { CC_DATA_DIR: dataDir };
  if (databaseUrl) seeded = await seed(env, log);
  else await restartConsole(async () => (seeded = await seed(env, log)));
  log(`account-search: ${fmt(seeded.accounts)} accounts in ${seeded.domains} domains seeded in ${seeded.seconds} s`);

  // A bulk load leaves the server busy for a while (checkpoint, autovacuum): searches are measured
  // once it has settled, after one unmeasured round that reads the indexes in.
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const d = (i) => `d${i}.${SUFFIX}`;
  const searches = [
    { search: 'user4242' },
    { search: 'user1' },
    { search: 'user77@d4' },
    { search: 'user@d100' },
    { search: 'user5@nosuch' },
    { search: 'nobody' },
    { domain: d(42), search: 'user9' },
    { domain: d(7) },
    {},
  ];
  const times = [];
  const slowest = new Map();
  for (const s of searches) await api.query('accounts.list', { ...s, limit: 50 });
  for (let round = 0; round < ROUNDS; round++) {
    for (const s of searches) {
      const t = performance.now();
      const page = await api.query('accounts.list', { ...s, limit: 50 });
      const ms = performance.now() - t;
      times.push(ms);
      await pause();
      const key = JSON.stringify(s);
      slowest.set(key, Math.max(slowest.get(key) ?? 0, ms));
      if (round === 0 && page.nextCursor) {
        const t2 = performance.now();
        await api.query('accounts.list', { ...s, limit: 50, cursor: page.nextCursor });
        times.push(performance.now() - t2);
      }
    }
  }
  log(`account-search: slowest per search ${[...slowest].map(([k, v]) => `${k} ${v.toFixed(1)} ms`).join(', ')}`);
  const service = databaseUrl ? await serviceTimes(databaseUrl, searches) : [];
  return [
    ...service,
    {
      metric: `accounts.list search, ${fmt(ACCOUNTS)} accounts in ${DOMAINS} domains`,
      unit: 'ms',
      samples: times,
      target: 'p95 ≤ 50',
      check: { stat: 'p95', max: 50 },
    },
    {
      metric: `npm run seed: ${fmt(seeded.accounts)} accounts, ${seeded.domains} domains (one-off)`,
      unit: 's',
      samples: [seeded.seconds],
    },
  ];
}

/** `npm run seed` as a child process; resolves with its summary line. */
function seed(env, log) {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'scripts/seed.mjs'), `--domains=${DOMAINS}`, `--accounts=${ACCOUNTS}`, `--suffix=${SUFFIX}`],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let summary = null;
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('{')) summary = JSON.parse(line);
    else if (!line.includes('password')) log(line);
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      if (code !== 0 || !summary) return reject(new Error(`seed exited with ${code ?? signal}: ${stderr}`));
      resolve(summary);
    });
  });
}

/**
 * The same searches through the service the API calls (listAccounts, as a server administrator), in
 * this process against the console's PostgreSQL database: the query part of the server time.
 */
async function serviceTimes(databaseUrl, searches) {
  const { register } = await import('tsx/esm/api');
  const unregister = register();
  try {
    const { openDatabase } = await import('@cc/db');
    const { listAccounts } = await import('../../packages/api/src/services/domains/accounts.ts');
    const { ALL_DOMAINS } = await import('../../packages/api/src/services/domains/tenant.ts');
    const db = await openDatabase({ url: databaseUrl, migrate: false });
    try {
      const times = [];
      for (let round = 0; round < ROUNDS; round++) {
        for (const s of searches) {
          const t = performance.now();
          await listAccounts(db.prisma, ALL_DOMAINS, { ...s, limit: 50 });
          times.push(performance.now() - t);
        }
      }
      return [
        {
          metric: `listAccounts search, service time in-process, ${fmt(ACCOUNTS)} accounts`,
          unit: 'ms',
          samples: times,
        },
      ];
    } finally {
      await db.close();
    }
  } finally {
    await unregister();
  }
}
