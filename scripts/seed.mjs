#!/usr/bin/env node
// `npm run seed -- --domains 100 --accounts 1000000`: creates shared domains d1.<suffix> … and their
// accounts (user1 …, spread evenly) in the console's database: DATABASE_URL, else the embedded PGlite
// in CC_DATA_DIR (stop the console first then: PGlite is single-process). Batched INSERT … SELECT
// generate_series, whole domains per transaction, each batch a configuration revision and an audit
// entry. Idempotent: existing domains are skipped, so an interrupted run is finished by running it again.
//   --suffix seed.example   domain names d1.seed.example …
//   --password <pw>         every account's mail password (default: generated, printed once)
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

import { register } from 'tsx/esm/api';

const USAGE = 'usage: npm run seed -- [--domains 100] [--accounts 1000000] [--suffix seed.example] [--password PW]';
let args;
try {
  ({ values: args } = parseArgs({
    options: {
      domains: { type: 'string', default: '100' },
      accounts: { type: 'string', default: '1000000' },
      suffix: { type: 'string', default: 'seed.example' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (e) {
  console.error(`seed: ${e.message}\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const domains = Number(args.domains);
const accounts = Number(args.accounts);
const bad = (what, v) => !Number.isInteger(v) || v < 0 || v > what;
if (bad(10_000, domains) || domains === 0 || bad(100_000_000, accounts)) {
  console.error(`seed: --domains must be 1-10000 and --accounts 0-100000000\n${USAGE}`);
  process.exit(2);
}
if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(args.suffix)) {
  console.error(`seed: --suffix must be a domain name such as seed.example, got "${args.suffix}"`);
  process.exit(2);
}

register();
const { openDatabase } = await import('@cc/db');
const { readEnv } = await import('../packages/api/src/env.ts');
const { seedMany } = await import('../packages/api/src/services/domains/seed.ts');

const password = args.password ?? randomBytes(12).toString('base64url');
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
let db;
try {
  // As the console opens it (env.ts), migrating a fresh database first.
  db = await openDatabase({ url: readEnv().DATABASE_URL });
  console.log(`seed: ${domains} domains, ${accounts.toLocaleString('en-US')} accounts into ${db.description}`);
  const done = await seedMany(db.prisma, {
    domains,
    accounts,
    suffix: args.suffix,
    password,
    onBatch: async (d) => {
      // PGlite has no background checkpointer: without one per batch its WAL grows until writes
      // stall (at ~800,000 accounts a batch took minutes instead of 2 s).
      if (db.kind === 'pglite') await db.sql.query('CHECKPOINT');
      console.log(`seed: ${d.accounts.toLocaleString('en-US')} accounts in ${d.domains} new domains (${seconds()} s)`);
    },
  });
  if (done.skipped > 0) console.log(`seed: ${done.skipped} domain(s) already existed and were left as they are`);
  console.log(
    `seed: done in ${seconds()} s: ${done.domains} domains, ${done.accounts.toLocaleString('en-US')} accounts created`,
  );
  if (!args.password && done.accounts > 0) console.log(`seed: every new account's mail password is ${password}`);
  console.log(JSON.stringify({ event: 'seeded', ...done, seconds: Number(seconds()) }));
} catch (e) {
  console.error(`seed failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  await db?.close();
}
