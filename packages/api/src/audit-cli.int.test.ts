import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDatabase } from '@cc/db';

import { SYSTEM_ACTOR, writeAudit } from './services/audit/write-audit';

// `npm run audit:verify` as an operator runs it: a separate process opening the console's database,
// an embedded PGlite in CC_DATA_DIR (the console is not running: PGlite is single-process), or the
// PostgreSQL database in DATABASE_URL.

const ROOT = path.resolve(import.meta.dirname, '../../..');
const server = process.env.DATABASE_URL;
let dataDir: string;
let url: string | undefined;
let ids: bigint[] = [];

function verify(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, CC_DATA_DIR: dataDir };
  if (url) env.DATABASE_URL = url;
  else delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, ['scripts/audit-verify.mjs', ...args], { cwd: ROOT, env, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}`.trim() };
}

async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const db = await openDatabase(url ? { url } : { dataDir: path.join(dataDir, 'pglite') });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-audit-cli-'));
  if (server) {
    url = await createServerDatabase(server);
  } else {
    fs.cpSync(process.env.CC_TEST_PGLITE_TEMPLATE!, path.join(dataDir, 'pglite'), { recursive: true });
  }
  ids = await withDb(async (db) => {
    const out: bigint[] = [];
    for (let i = 0; i < 6; i++) {
      out.push(await writeAudit(db.prisma, SYSTEM_ACTOR, { action: 'test.cli', after: { i }, outcome: 'SUCCESS' }));
    }
    return out;
  });
}, 60_000);
afterAll(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (server && url) await adminQuery(server, `DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
});

async function adminQuery(serverUrl: string, sql: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

async function createServerDatabase(serverUrl: string): Promise<string> {
  const name = `cc_test_cli_${randomBytes(5).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

describe('npm run audit:verify', () => {
  it('says "chain intact" and exits 0, then "broken at entry N" and exits 1 after tampering', async () => {
    const ok = verify();
    expect(ok.out).toMatch(new RegExp(`^chain intact \\(6 entries; ${server ? 'PostgreSQL' : 'embedded PGlite'}`));
    expect(ok.code).toBe(0);

    await withDb((db) =>
      db.sql.exec(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only;
        UPDATE audit_event SET "after" = '{"i": 42}' WHERE id = ${ids[2]};
        ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only;`),
    );
    const broken = verify();
    expect(broken.out).toBe(`broken at entry ${ids[2]}: its content does not match its hash: the entry was altered`);
    expect(broken.code).toBe(1);
    expect(verify(`--from=${ids[3]}`).code).toBe(0);
    expect(verify('--from=x').code).toBe(2);
  }, 60_000);
});
