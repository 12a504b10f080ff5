// The audit review query with 1,000,000 entries: audit.list over HTTP with the filters an auditor
// uses, on the newest page and on a keyset page half the log back (round trips: server time plus a
// loopback hop). The entries go straight into the database, INSERT ... SELECT over generate_series
// in batches, their hash chain computed in SQL (a recursive query over the canonical JSON of
// packages/api/src/services/audit/chain.ts), so the synthetic history continues the console's own
// chain and must verify as intact: audit.verify re-reads all of it at the end. Its timestamps spread
// over the past year although its ids follow the console's first few entries: time filters stay
// exact (they also test at); only their id-range shortcut is looser at that one boundary.
// On PGlite (single-process) the console is stopped while the entries are written.
import path from 'node:path';

import { withPglite, withPostgres } from '../lib/direct-db.mjs';

export const name = 'audit-query';
export const description = 'audit.list with 1,000,000 entries: newest page and a deep keyset page, typical filters';
/**
 * Last: the million entries stay, and the console's audit worker re-reads the whole chain in the
 * background (five minutes after start, then hourly), which would land in other scenarios' samples.
 */
export const order = 90;

/**
 * 1,000,000 on both. Embedded PGlite (WebAssembly, one process) has no background checkpointer: its
 * WAL grew until writes stalled past roughly half a million rows, so each batch ends with a CHECKPOINT.
 */
const entries = () => Number(process.env.BENCH_AUDIT_ENTRIES ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_AUDIT_ROUNDS ?? 20);
const BATCH = 100_000;
/** writeAudit's chain lock (packages/api/src/services/audit/write-audit.ts). */
const CHAIN_LOCK = 0x43430002;
const fmt = (n) => n.toLocaleString('en-US');

export async function run({ api, dataDir, databaseUrl, restartConsole, log }) {
  const total = entries();
  const write = (db) => seed(db, total);
  let base;
  const started = Date.now();
  if (databaseUrl) base = await withPostgres(databaseUrl, write);
  else await restartConsole(async () => (base = await withPglite(path.join(dataDir, 'pglite'), write)));
  const seeded = (Date.now() - started) / 1000;
  log(`audit-query: ${fmt(total)} entries written in ${seeded.toFixed(1)} s`);

  const day = 86_400_000;
  const from = new Date(Date.now() - 200 * day).toISOString();
  const to = new Date(Date.now() - 199 * day).toISOString();
  const filters = [
    {},
    { actor: 'user7@bench.local' },
    { action: 'node.' },
    { action: 'accounts.updateSettings', domain: 'd42.bench' },
    { domain: 'd42.bench' },
    { outcome: 'FAILURE' },
    { target: 'user42@d42.bench' },
    { from, to },
  ];
  const deep = String(base + BigInt(Math.floor(total / 2)));
  const first = [];
  const deeper = [];
  const search = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const f of filters) {
      first.push(await timed(() => api.query('audit.list', { ...f, limit: 50 })));
      deeper.push(await timed(() => api.query('audit.list', { ...f, limit: 50, cursor: deep })));
    }
    search.push(await timed(() => api.query('audit.list', { q: 'user42@d4', limit: 50 })));
  }
  const t = performance.now();
  const verified = await api.query('audit.verify', { full: true });
  const verifyS = (performance.now() - t) / 1000;
  if (!verified.intact) throw new Error(`chain broken at ${verified.brokenAt}: ${verified.reason}`);
  log(`audit-query: chain intact, ${fmt(verified.checked)} entries re-read in ${verifyS.toFixed(1)} s`);
  const of = `${fmt(total)} entries`;
  return [
    {
      metric: `audit.list newest page, 8 typical filters, ${of}`,
      unit: 'ms',
      samples: first,
      target: 'p95 ≤ 50',
      check: { stat: 'p95', max: 50 },
    },
    {
      metric: `audit.list keyset page ${fmt(total / 2)} entries back, same filters`,
      unit: 'ms',
      samples: deeper,
      target: 'p95 ≤ 50',
      check: { stat: 'p95', max: 50 },
    },
    { metric: `audit.list free-text search (time-budgeted page), ${of}`, unit: 'ms', samples: search },
    { metric: `${of} written (one-off)`, unit: 's', samples: [seeded] },
    { metric: `audit.verify re-reads the whole chain, ${of} (one-off)`, unit: 's', samples: [verifyS] },
  ];
}

async function timed(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

// The keys of the hashed content in canonical (sorted) order, and each one's SQL as JSON text.
const str = (col) => `COALESCE(to_json(s.${col})::text, 'null')`;
const CANONICAL = {
  v: `'1'`,
  id: 'to_json(s.id::text)::text',
  at: `to_json(to_char(s.at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text`,
  actorId: str('"actorId"'),
  actorEmail: str('"actorEmail"'),
  actorRole: str('"actorRole"'),
  sourceIp: str('"sourceIp"'),
  userAgent: str('"userAgent"'),
  action: str('action'),
  targetType: str('"targetType"'),
  targetId: str('"targetId"'),
  targetName: str('"targetName"'),
  domain: str('domain'),
  before: 's.before_c',
  after: 's.after_c',
  outcome: str('outcome'),
  error: str('error'),
};
const canonicalSql = `${Object.keys(CANONICAL)
  .sort()
  .map((k, i) => `'${i ? ',' : '{'}"${k}":' || ${CANONICAL[k]}`)
  .join(' || ')} || '}'`;

const ACTIONS = [
  'domains.updateSettings',
  'accounts.create',
  'accounts.updateSettings',
  'accounts.resetPassword',
  'node.make-non-ready',
  'node.make-ready',
  'settings.updateClusterDefaults',
  'config.push',
  'accounts.endSessions',
  'domains.create',
];

/**
 * Writes `total` chained entries after the newest one, a batch per transaction under the chain lock
 * (PGlite runs out of memory on a million-row statement). Returns the id before the first.
 */
export async function seed(db, total) {
  const [{ id0 }] = await db.rows(`SELECT COALESCE(max(id), 0)::text AS id0 FROM audit_event`);
  for (let offset = 0; offset < total; offset += BATCH) {
    await seedBatch(db, { offset, count: Math.min(BATCH, total - offset), total });
    await db.checkpoint?.();
  }
  await db.exec('ANALYZE audit_event');
  return BigInt(id0);
}

async function seedBatch(db, { offset, count, total }) {
  await db.exec('BEGIN');
  try {
    await db.exec(`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
    const [{ id0 }] = await db.rows(`SELECT COALESCE(max(id), 0)::text AS id0 FROM audit_event`);
    await db.exec(`CREATE TEMP TABLE bench_src ON COMMIT DROP AS
      SELECT g - ${offset} AS n, ${id0}::bigint + g - ${offset} AS id,
        date_trunc('milliseconds', (now() AT TIME ZONE 'UTC') - interval '365 days' + g * interval '364 days' / ${total})::timestamp(3) AS at,
        'bench-user-' || (g % 20) AS "actorId", 'user' || (g % 20) || '@bench.local' AS "actorEmail",
        (ARRAY['SERVER_ADMIN','CLUSTER_OPERATOR','DOMAIN_ADMIN'])[g % 3 + 1] AS "actorRole",
        '10.0.' || (g % 250) || '.' || (g % 200 + 1) AS "sourceIp", 'bench/1.0' AS "userAgent",
        a.action, a.tt AS "targetType",
        CASE WHEN a.tt = 'node' THEN 'node-' || (g % 40) END AS "targetId",
        CASE a.tt WHEN 'account' THEN 'user' || (g % 5000) || '@d' || (g % 100) || '.bench'
          WHEN 'domain' THEN 'd' || (g % 100) || '.bench' ELSE 'mail-' || (g % 40) END AS "targetName",
        CASE WHEN a.tt IN ('account', 'domain') THEN 'd' || (g % 100) || '.bench' END AS domain,
        '{"value":' || (g % 1000) || '}' AS before_c, '{"value":' || (g % 1000 + 1) || '}' AS after_c,
        CASE WHEN g % 97 = 0 THEN 'FAILURE' WHEN g % 389 = 0 THEN 'DENIED' ELSE 'SUCCESS' END AS outcome,
        CASE WHEN g % 97 = 0 THEN 'node timed out' END AS error
      FROM generate_series(${offset + 1}, ${offset + count}) g
      CROSS JOIN LATERAL (SELECT (ARRAY['${ACTIONS.join("','")}'])[g % ${ACTIONS.length} + 1] AS action) a0
      CROSS JOIN LATERAL (SELECT a0.action, CASE WHEN a0.action LIKE 'accounts.%' THEN 'account'
        WHEN a0.action LIKE 'domains.%' THEN 'domain' WHEN a0.action LIKE 'node.%' THEN 'node'
        WHEN a0.action = 'config.push' THEN 'config-revision' ELSE 'cluster-defaults' END AS tt) a;
      CREATE UNIQUE INDEX ON bench_src (n); ANALYZE bench_src`);
    await db.exec(`CREATE TEMP TABLE bench_canon ON COMMIT DROP AS SELECT s.n, ${canonicalSql} AS c FROM bench_src s;
      CREATE UNIQUE INDEX ON bench_canon (n); ANALYZE bench_canon`);
    // Each hash covers the previous one: a recursive query walks the entries in order, starting
    // from the newest hash (the previous batch's, or the console's own last entry).
    await db.exec(`CREATE TEMP TABLE bench_chain ON COMMIT DROP AS
      WITH RECURSIVE chain (n, prev, hash) AS (
        SELECT 0, NULL::text, COALESCE(
          (SELECT "hash" FROM audit_event WHERE "hash" <> '' ORDER BY id DESC LIMIT 1),
          (SELECT "lastHash" FROM audit_archive WHERE "lastHash" <> '' ORDER BY "lastId" DESC LIMIT 1),
          repeat('0', 64))
        UNION ALL
        SELECT c.n + 1, c.hash, encode(sha256(convert_to(c.hash || E'\\n' || k.c, 'UTF8')), 'hex')
        FROM chain c JOIN bench_canon k ON k.n = c.n + 1
      ) SELECT n, prev, hash FROM chain WHERE n > 0;
      CREATE UNIQUE INDEX ON bench_chain (n); ANALYZE bench_chain`);
    await db.exec(`INSERT INTO audit_event (id, at, "actorId", "actorEmail", "actorRole", "sourceIp", "userAgent",
        action, "targetType", "targetId", "targetName", domain, before, after, outcome, error, "prevHash", hash)
      SELECT s.id, s.at, s."actorId", s."actorEmail", s."actorRole", s."sourceIp", s."userAgent", s.action,
        s."targetType", s."targetId", s."targetName", s.domain, s.before_c::jsonb, s.after_c::jsonb,
        s.outcome::"AuditOutcome", s.error, ch.prev, ch.hash
      FROM bench_src s JOIN bench_chain ch ON ch.n = s.n ORDER BY s.n`);
    await db.exec(`SELECT setval(pg_get_serial_sequence('audit_event', 'id'), ${id0}::bigint + ${count})`);
    await db.exec('COMMIT');
  } catch (e) {
    await db.exec('ROLLBACK');
    throw e;
  }
}
