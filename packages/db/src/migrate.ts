import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { dbEnv } from './env';
import type { SqlRunner } from './sql';

/** Same key as `prisma migrate deploy`, so our runner and Prisma's never interleave. */
const MIGRATION_LOCK_KEY = 72707369;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** Finds prisma/migrations by walking up from `from` (Next.js runs from apps/console, tests from packages/*). */
export function findMigrationsDir(from = process.cwd()): string {
  const configured = dbEnv().CC_MIGRATIONS_DIR;
  if (configured) return configured;
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'prisma', 'migrations');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`prisma/migrations not found above ${from}`);
  }
}

export function readMigrations(dir = findMigrationsDir()): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      // Prisma's checksum: sha256 of the file, so its own tooling reads our bookkeeping.
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies the committed migrations in order, each in its own transaction, recorded in `_prisma_migrations`.
 * Serialised by a session-level advisory lock, so any number of console processes may start at once:
 * `runner` must be one dedicated connection, not a pool.
 */
export async function applyMigrations(
  runner: SqlRunner,
  migrations: Migration[] = readMigrations(),
): Promise<{ applied: string[] }> {
  await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await runner.exec(BOOKKEEPING);
    const rows = await runner.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
    );
    const failed = rows.find((r) => !r.finished_at && !r.rolled_back_at);
    if (failed) {
      throw new Error(
        `Migration ${failed.migration_name} failed earlier and needs attention before the console can start ` +
          `(see the "logs" column of _prisma_migrations).`,
      );
    }
    const done = new Set(rows.filter((r) => r.finished_at).map((r) => r.migration_name));
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      await applyOne(runner, m);
      applied.push(m.name);
    }
    return { applied };
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
}

async function applyOne(runner: SqlRunner, m: Migration): Promise<void> {
  const id = randomUUID();
  try {
    await runner.exec('BEGIN');
    await runner.exec(m.sql);
    await runner.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 1)`,
      [id, m.checksum, m.name],
    );
    await runner.exec('COMMIT');
  } catch (error) {
    await runner.exec('ROLLBACK').catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    // Recorded as failed (finished_at NULL), as Prisma does, so later starts refuse instead of guessing.
    await runner.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs) VALUES ($1, $2, $3, $4)`,
      [id, m.checksum, m.name, message],
    );
    throw new Error(`Migration ${m.name} failed: ${message}`, { cause: error });
  }
}
