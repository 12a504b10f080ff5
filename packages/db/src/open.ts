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
  /**
   * NOTIFY messages on `channels` from every process on this database (PGlite: this process), on a
   * connection of its own. `state(false)` while it is down (messages are being missed), `state(true)`
   * once it listens (again).
   */
  listen(channels: string[], handlers: ListenHandlers): Listener;
  /** Where this database lives, without credentials (for logs and the UI). */
  description: string;
  close(): Promise<void>;
}

export interface ListenHandlers {
  message(channel: string, payload: string): void;
  state(listening: boolean): void;
}

export interface Listener {
  /**
   * Resolves once every notification committed before the call has been handed to `message` (a round
   * trip on the listening connection: PostgreSQL sends pending notifications before a query's answer);
   * false when not listening.
   */
  sync(): Promise<boolean>;
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
  const listeners = listenerSet();
  pool.on('error', (e) => log.warn({ err: e.message }, 'idle PostgreSQL connection lost'));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const safe = new URL(url);
  safe.password = '';
  return {
    kind: 'postgres',
    prisma,
    sql: pgRunner(pool),
    description: `PostgreSQL ${safe.host}${safe.pathname}`,
    listen: (channels, handlers) => listeners.add(listenPostgres(url, channels, handlers)),
    async connectDedicated() {
      const client = new pg.Client({ connectionString: url });
      // A lost connection must surface as a failed query, never as an unhandled 'error' event.
      client.on('error', () => undefined);
      await client.connect();
      return { ...pgRunner(client), close: () => client.end() };
    },
    async close() {
      await listeners.closeAll();
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
  const listeners = listenerSet();
  if (migrate) await applyMigrations(runner);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  return {
    kind: 'pglite',
    prisma,
    sql: runner,
    description: `embedded PGlite at ${dir}`,
    listen(channels, handlers) {
      // In-process: a notification is handed over with the result of the statement that committed it.
      const unlisten = Promise.all(
        channels.map((c) => db.listen(checkedChannel(c), (payload) => handlers.message(c, payload))),
      );
      let listening = false;
      void unlisten.then(() => {
        listening = true;
        handlers.state(true);
      });
      return listeners.add({
        sync: () => Promise.resolve(listening),
        close: async () => {
          listening = false;
          for (const stop of await unlisten) await stop();
        },
      });
    },
    // PGlite is single-connection and in-process: this process is the only one that can hold a lock.
    connectDedicated: () => Promise.resolve({ ...runner, close: () => Promise.resolve() }),
    async close() {
      await listeners.closeAll();
      await prisma.$disconnect();
      await db.close();
    },
  };
}

const LISTEN_RETRY_MS = 1000;

/** The database's listeners, closed with it. */
function listenerSet() {
  const open = new Set<Listener>();
  return {
    add(listener: Listener): Listener {
      open.add(listener);
      return { sync: () => listener.sync(), close: () => (open.delete(listener), listener.close()) };
    },
    async closeAll() {
      await Promise.all([...open].map((l) => l.close()));
      open.clear();
    },
  };
}

function checkedChannel(channel: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  return channel;
}

/** A connection of its own that LISTENs, reconnecting after a loss (state(false) meanwhile). */
function listenPostgres(url: string, channels: string[], handlers: ListenHandlers): Listener {
  channels.forEach(checkedChannel);
  let stopped = false;
  let current: pg.Client | null = null;
  let listening = false;
  let retry: NodeJS.Timeout | null = null;
  const lost = (client: pg.Client) => {
    if (current !== client) return;
    current = null;
    listening = false;
    handlers.state(false);
    void client.end().catch(() => undefined);
    if (!stopped) retry = setTimeout(() => void connect(), LISTEN_RETRY_MS);
  };
  const connect = async () => {
    retry = null;
    const client = new pg.Client({ connectionString: url, keepAlive: true });
    current = client;
    client.on('error', () => lost(client));
    client.on('end', () => lost(client));
    client.on('notification', (n) => {
      if (channels.includes(n.channel)) handlers.message(n.channel, n.payload ?? '');
    });
    try {
      await client.connect();
      for (const c of channels) await client.query(`LISTEN ${c}`);
      if (current === client && !stopped) {
        listening = true;
        handlers.state(true);
      }
    } catch {
      lost(client);
    }
  };
  void connect();
  return {
    async sync() {
      const client = current;
      if (!listening || !client) return false;
      try {
        await client.query('SELECT 1');
        return current === client && listening;
      } catch {
        lost(client);
        return false;
      }
    },
    async close() {
      stopped = true;
      if (retry) clearTimeout(retry);
      const client = current;
      current = null;
      listening = false;
      await client?.end().catch(() => undefined);
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
