import fs from 'node:fs';
import path from 'node:path';

import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';

import { createLogger } from '@cc/log';

import { dbEnv } from './env';
import { PrismaClient } from './generated/prisma/client';
import { applyMigrations } from './migrate';
import { pgliteRunner, pgRunner, type SqlRunner } from './sql';

const log = createLogger('db');

export type DatabaseKind = 'postgres' | 'pglite';

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /** Short raw queries on a shared connection. */
  sql: SqlRunner;
  /** A dedicated connection for session-level advisory locks (PostgreSQL); PGlite has only one. */
  connectDedicated(): Promise<SqlRunner & { close(): Promise<void> }>;
  /** Where this database lives, without credentials (for logs and the UI). */
  description: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL URL; when absent an embedded PGlite database is used. */
  url?: string;
  /** PGlite data directory; `memory://` for a throw-away database. */
  dataDir?: string;
  migrate?: boolean;
}

export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  return opts.url ? openPostgres(opts.url, opts.migrate ?? true) : openPglite(opts.dataDir, opts.migrate ?? true);
}

async function openPostgres(url: string, migrate: boolean): Promise<Database> {
  if (migrate) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await applyMigrations(pgRunner(client));
    } finally {
      await client.end();
    }
  }
  // One pool for Prisma and raw SQL. An idle connection the server drops (restart, failover) must be
  // logged and replaced, never an unhandled 'error' event that takes the console down.
  const pool = new pg.Pool({ connectionString: url, max: dbEnv().CC_DB_POOL_MAX });
  pool.on('error', (e) => log.warn({ err: e.message }, 'idle PostgreSQL connection lost'));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const safe = new URL(url);
  safe.password = '';
  return {
    kind: 'postgres',
    prisma,
    sql: pgRunner(pool),
    description: `PostgreSQL ${safe.host}${safe.pathname}`,
    async connectDedicated() {
      const client = new pg.Client({ connectionString: url });
      // A lost connection must surface as a failed query, never as an unhandled 'error' event.
      client.on('error', () => undefined);
      await client.connect();
      return { ...pgRunner(client), close: () => client.end() };
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string | undefined, migrate: boolean): Promise<Database> {
  const dir = dataDir ?? defaultPgliteDir();
  if (!dir.startsWith('memory://')) fs.mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir);
  const runner = pgliteRunner(db);
  if (migrate) await applyMigrations(runner);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  return {
    kind: 'pglite',
    prisma,
    sql: runner,
    description: `embedded PGlite at ${dir}`,
    // PGlite is single-connection and in-process: this process is the only one that can hold a lock.
    connectDedicated: () => Promise.resolve({ ...runner, close: () => Promise.resolve() }),
    async close() {
      await prisma.$disconnect();
      await db.close();
    },
  };
}

/** `<CC_DATA_DIR or repo/.data>/pglite`. */
export function defaultPgliteDir(): string {
  return path.join(dataRoot(), 'pglite');
}

export function dataRoot(): string {
  const configured = dbEnv().CC_DATA_DIR;
  if (configured) return path.resolve(configured);
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'turbo.json'))) return path.join(dir, '.data');
    if (path.dirname(dir) === dir) return path.resolve('.data');
  }
}
