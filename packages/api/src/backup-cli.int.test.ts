// db:backup / db:restore on the embedded database: a restore into a fresh data directory has the same
// users, nodes, domains and accounts, an intact audit chain and the same master key; damaged backups,
// an open database and a non-fresh target are refused with nothing changed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createUserWithPassword } from '@cc/auth';
import { openDatabase } from '@cc/db';

import { runBackup, runRestore } from './backup-cli';
import { SYSTEM_ACTOR, writeAudit } from './services/audit/write-audit';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-backup-test-'));
const source = path.join(work, 'source');
const target = path.join(work, 'target');
const backup = path.join(work, 'backup');
const savedEnv = { CC_DATA_DIR: process.env.CC_DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };

async function withDataDir<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  process.env.CC_DATA_DIR = dir;
  try {
    return await fn();
  } finally {
    process.env.CC_DATA_DIR = savedEnv.CC_DATA_DIR;
  }
}

beforeAll(async () => {
  delete process.env.DATABASE_URL;
  fs.mkdirSync(source, { recursive: true });
  fs.writeFileSync(path.join(source, 'secret.key'), 'c2VjcmV0LWtleS1mb3ItdGhlLWJhY2t1cC10ZXN0LTEyMzQ=', {
    mode: 0o600,
  });
  const db = await openDatabase({ dataDir: path.join(source, 'pglite') });
  await createUserWithPassword(db.prisma, {
    email: 'ops@test.local',
    name: 'Ops',
    role: 'CLUSTER_OPERATOR',
    password: 'correct horse battery staple',
  });
  await db.prisma.node.create({
    data: { name: 'b1', role: 'BACKEND', adminUrl: 'http://127.0.0.1:9', tokenEnc: 'enc' },
  });
  const domain = await db.prisma.sharedDomain.create({ data: { name: 'backup.test' } });
  await db.prisma.mailAccount.createMany({
    data: ['a', 'b', 'c'].map((name) => ({ domainId: domain.id, name, passwordHash: 'x' })),
  });
  for (let i = 0; i < 5; i++) {
    await writeAudit(db.prisma, SYSTEM_ACTOR, { action: `test.entry-${i}`, outcome: 'SUCCESS' });
  }
  await db.close();
}, 60_000);

afterAll(() => {
  if (savedEnv.DATABASE_URL) process.env.DATABASE_URL = savedEnv.DATABASE_URL;
  fs.rmSync(work, { recursive: true, force: true });
});

describe('db:backup and db:restore', () => {
  it('refuses while the database is open in another process', async () => {
    const db = await openDatabase({ dataDir: path.join(source, 'pglite'), migrate: false });
    const lines: string[] = [];
    try {
      expect(await withDataDir(source, () => runBackup([path.join(work, 'refused')], (l) => lines.push(l)))).toBe(1);
    } finally {
      await db.close();
    }
    expect(lines.join('\n')).toMatch(/open in a running console/);
    expect(fs.existsSync(path.join(work, 'refused'))).toBe(false);
  }, 60_000);

  it('restores users, nodes, domains, accounts, the key and an intact audit chain into a fresh directory', async () => {
    const out: string[] = [];
    expect(await withDataDir(source, () => runBackup([backup], (l) => out.push(l)))).toBe(0);
    expect(fs.statSync(path.join(backup, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(await withDataDir(target, () => runRestore([backup], (l) => out.push(l)))).toBe(0);
    expect(out.join('\n')).toMatch(/1 users, 1 nodes, 1 domains, 3 accounts/);
    expect(out.join('\n')).toMatch(/audit chain intact \(5 entries\)/);
    expect(fs.readFileSync(path.join(target, 'secret.key'))).toEqual(fs.readFileSync(path.join(source, 'secret.key')));
    const db = await openDatabase({ dataDir: path.join(target, 'pglite') });
    try {
      const user = await db.prisma.user.findFirstOrThrow({ where: { email: 'ops@test.local' } });
      expect(user.role).toBe('CLUSTER_OPERATOR');
      expect((await db.prisma.mailAccount.findMany({ orderBy: { name: 'asc' } })).map((a) => a.name)).toEqual([
        'a',
        'b',
        'c',
      ]);
    } finally {
      await db.close();
    }
  }, 120_000);

  it('refuses a target that already has a database, and a damaged backup', async () => {
    const lines: string[] = [];
    expect(await withDataDir(target, () => runRestore([backup], (l) => lines.push(l)))).toBe(1);
    expect(lines.pop()).toMatch(/already holds a database/);

    const damaged = path.join(work, 'damaged');
    fs.cpSync(backup, damaged, { recursive: true });
    const file = path.join(damaged, 'pgdata.tar.gz');
    const bytes = fs.readFileSync(file);
    const middle = bytes.length >> 1;
    bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
    fs.writeFileSync(file, bytes);
    const fresh = path.join(work, 'fresh');
    expect(await withDataDir(fresh, () => runRestore([damaged], (l) => lines.push(l)))).toBe(1);
    expect(lines.pop()).toMatch(/does not match its digest/);
    expect(fs.existsSync(path.join(fresh, 'pglite', 'PG_VERSION'))).toBe(false);
  }, 60_000);
});
