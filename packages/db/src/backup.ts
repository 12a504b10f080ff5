// Backups of the embedded database (PGlite): its data directory as PGlite dumps it (a gzipped tar of
// pgdata) beside the console's master key, whose absence would leave every stored node token
// unreadable. A manifest carries each file's sha256 so a damaged backup is refused before it is used.
// PostgreSQL deployments back up with pg_dump instead (README, "Production").
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { PGlite } from '@electric-sql/pglite';

export const BACKUP_FORMAT = 'cluster-console-pglite-backup/1';
const PGDATA = 'pgdata.tar.gz';
const KEY = 'secret.key';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  /** The newest migration applied in the backed-up database. */
  migration: string | null;
  files: Record<string, { sha256: string; bytes: number }>;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** PGlite leaves postmaster.pid in its directory while a process has it open (or was killed with it open). */
export function pgliteInUse(pgliteDir: string): boolean {
  return fs.existsSync(path.join(pgliteDir, 'postmaster.pid'));
}

function writePrivate(file: string, data: Buffer | string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, data, { mode: 0o600 });
  const fd = fs.openSync(tmp, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
}

/**
 * Writes `outDir` (created, must be empty or new) with pgdata.tar.gz, secret.key (when the data root
 * has one) and manifest.json, all mode 0600. The database must not be open in another process.
 */
export async function backupPglite(opts: { pgliteDir: string; dataRoot: string; outDir: string }) {
  const { pgliteDir, dataRoot, outDir } = opts;
  if (!fs.existsSync(path.join(pgliteDir, 'PG_VERSION'))) throw new Error(`no embedded database in ${pgliteDir}`);
  if (fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0) throw new Error(`${outDir} is not empty`);
  fs.mkdirSync(outDir, { recursive: true, mode: 0o700 });
  const db = await PGlite.create(pgliteDir);
  let pgdata: Buffer;
  let migration: string | null;
  try {
    const last = await db
      .query<{ migration_name: string }>(
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name DESC LIMIT 1',
      )
      .catch(() => ({ rows: [] as Array<{ migration_name: string }> }));
    migration = last.rows[0]?.migration_name ?? null;
    pgdata = Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer());
  } finally {
    await db.close();
  }
  const files: BackupManifest['files'] = {};
  writePrivate(path.join(outDir, PGDATA), pgdata);
  files[PGDATA] = { sha256: sha256(pgdata), bytes: pgdata.length };
  const keyFile = path.join(dataRoot, KEY);
  if (fs.existsSync(keyFile)) {
    const key = fs.readFileSync(keyFile);
    writePrivate(path.join(outDir, KEY), key);
    files[KEY] = { sha256: sha256(key), bytes: key.length };
  }
  const manifest: BackupManifest = { format: BACKUP_FORMAT, createdAt: new Date().toISOString(), migration, files };
  writePrivate(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** Reads and checks a backup: its format and every file's digest. Throws with the first problem. */
export function readBackup(dir: string): { manifest: BackupManifest; pgdata: Buffer; key: Buffer | null } {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`${dir} is not a backup (no manifest.json)`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest;
  } catch {
    throw new Error(`${manifestFile} is not valid JSON`);
  }
  if (manifest.format !== BACKUP_FORMAT) throw new Error(`unknown backup format ${String(manifest.format)}`);
  const read = (name: string): Buffer | null => {
    const expected = manifest.files?.[name];
    if (!expected) return null;
    const data = fs.readFileSync(path.join(dir, name));
    if (sha256(data) !== expected.sha256) throw new Error(`${name} does not match its digest: the backup is damaged`);
    return data;
  };
  const pgdata = read(PGDATA);
  if (!pgdata) throw new Error(`the manifest lists no ${PGDATA}`);
  return { manifest, pgdata, key: read(KEY) };
}

/**
 * Restores a checked backup into a data root that has no database yet (a fresh directory, or one
 * whose database was moved aside). A different master key already there is never overwritten.
 */
export async function restorePglite(opts: { backupDir: string; pgliteDir: string; dataRoot: string }) {
  const { manifest, pgdata, key } = readBackup(opts.backupDir);
  if (fs.existsSync(path.join(opts.pgliteDir, 'PG_VERSION'))) {
    throw new Error(`${opts.pgliteDir} already holds a database; restore into a fresh CC_DATA_DIR`);
  }
  const keyFile = path.join(opts.dataRoot, KEY);
  if (key && fs.existsSync(keyFile) && !fs.readFileSync(keyFile).equals(key)) {
    throw new Error(`${keyFile} holds a different master key; restore into a fresh CC_DATA_DIR`);
  }
  fs.mkdirSync(opts.pgliteDir, { recursive: true });
  const db = await PGlite.create(opts.pgliteDir, { loadDataDir: new Blob([new Uint8Array(pgdata)]) });
  await db.close();
  if (key && !fs.existsSync(keyFile)) writePrivate(keyFile, key);
  return manifest;
}
