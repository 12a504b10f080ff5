import { randomBytes } from 'node:crypto';

import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

import { applyMigrations, readMigrations, type Migration } from './migrate';
import { pgliteRunner, pgRunner } from './sql';

const migrations = readMigrations();

describe('applyMigrations on PGlite', () => {
  const db = new PGlite();
  afterAll(() => db.close());

  it('applies every committed migration once, recorded in _prisma_migrations', async () => {
    const runner = pgliteRunner(db);
    const first = await applyMigrations(runner, migrations);
    expect(first.applied).toEqual(migrations.map((m) => m.name));
    const second = await applyMigrations(runner, migrations);
    expect(second.applied).toEqual([]);
    const rows = await runner.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((r) => r.checksum)).toEqual(migrations.map((m) => m.checksum));
  });

  it('rolls a failing migration back, records it as failed, and refuses to go on', async () => {
    const runner = pgliteRunner(db);
    const bad: Migration = {
      name: '29990101000000_bad',
      sql: 'CREATE TABLE half_done (id int); SELECT * FROM nope;',
      checksum: 'x',
    };
    await expect(applyMigrations(runner, [...migrations, bad])).rejects.toThrow(/29990101000000_bad failed/);
    const [table] = await runner.query<{ exists: string | null }>(`SELECT to_regclass('half_done')::text AS exists`);
    expect(table?.exists).toBeNull();
    await expect(applyMigrations(runner, migrations)).rejects.toThrow(/failed earlier/);
  });
});

const url = process.env.DATABASE_URL;
describe.skipIf(!url)('applyMigrations on PostgreSQL', () => {
  it('is safe when several processes start at once: each migration is applied exactly once', async () => {
    const name = `cc_mig_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const target = new URL(url!);
    target.pathname = `/${name}`;
    const clients = Array.from({ length: 4 }, () => new pg.Client({ connectionString: target.toString() }));
    try {
      await Promise.all(clients.map((c) => c.connect()));
      const results = await Promise.all(clients.map((c) => applyMigrations(pgRunner(c), migrations)));
      expect(results.flatMap((r) => r.applied).sort()).toEqual(migrations.map((m) => m.name).sort());
      const { rows } = await clients[0]!.query('SELECT count(*)::int AS n FROM "_prisma_migrations"');
      expect(rows[0].n).toBe(migrations.length);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
