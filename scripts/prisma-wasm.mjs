#!/usr/bin/env node
// Offline migration authoring and drift check on Prisma's own schema engine compiled to WebAssembly
// (@prisma/schema-engine-wasm, same build as the installed prisma CLI). No database server is needed:
// the migrations are replayed into a throw-away in-memory PGlite.
//
//   node scripts/prisma-wasm.mjs new <name>        write prisma/migrations/<ts>_<name>/migration.sql
//   node scripts/prisma-wasm.mjs diff [--exit-code] print the SQL that migrations lack (exit 2 if any)
//
// Applying migrations at run time does not use the engine: see packages/db/src/migrate.ts.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const SCHEMA = path.join(root, 'prisma/schema.prisma');
const MIGRATIONS = path.join(root, 'prisma/migrations');
const EMPTY = '-- This is an empty migration.';
const NO_FILTER = { externalTables: [], externalEnums: [] };

async function loadEngine() {
  const bgJs = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const runtime = await import(pathToFileURL(bgJs).href);
  const wasm = fs.readFileSync(path.join(path.dirname(bgJs), 'schema_engine_bg.wasm'));
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (m) => console.error('[schema-engine panic]', m) };
  // The engine arms a long timer for its advisory lock and never clears it; unref it so node can exit.
  const imports = { ...runtime };
  for (const key of Object.keys(runtime)) {
    if (key.startsWith('__wbg_setTimeout_')) {
      imports[key] = (fn, ms) => setTimeout(fn, ms >>> 0).unref();
    }
  }
  const instance = new WebAssembly.Instance(new WebAssembly.Module(wasm), { './schema_engine_bg.js': imports });
  runtime.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return runtime.SchemaEngine;
}

/** One in-memory PGlite used as main and shadow database; emptied before every use. */
async function scratchFactory() {
  const { PGlite } = await import(pathToFileURL(require.resolve('@electric-sql/pglite')).href);
  const { PrismaPGlite } = await import(pathToFileURL(require.resolve('pglite-prisma-adapter')).href);
  const pg = await PGlite.create();
  const connect = async () => {
    // The Wasm engine replays migrations into the shadow database without emptying it first.
    await pg.exec(`DO $$ DECLARE r record; BEGIN
      FOR r IN SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
      LOOP EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname); END LOOP; END $$; CREATE SCHEMA public;`);
    const conn = await new PrismaPGlite(pg).connect();
    // pglite-prisma-adapter 0.7.2 does not await exec() in executeScript: errors would be lost.
    conn.executeScript = async (script) => {
      try {
        await pg.exec(script);
      } catch (e) {
        conn.onError?.(e);
        throw e;
      }
    };
    return conn;
  };
  const factory = { provider: 'postgres', adapterName: 'pglite-prisma-adapter', connect, connectToShadowDb: connect };
  return { factory, close: () => pg.close() };
}

function listMigrations() {
  const dirs = fs.existsSync(MIGRATIONS)
    ? fs
        .readdirSync(MIGRATIONS, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  const lock = path.join(MIGRATIONS, 'migration_lock.toml');
  return {
    baseDir: MIGRATIONS,
    lockfile: { path: 'migration_lock.toml', content: fs.existsSync(lock) ? fs.readFileSync(lock, 'utf8') : null },
    migrationDirectories: dirs.map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: fs.readFileSync(path.join(MIGRATIONS, name, 'migration.sql'), 'utf8') },
      },
    })),
    shadowDbInitScript: '',
  };
}

/** SQL that takes a database built from the committed migrations to prisma/schema.prisma. */
async function diffMigrationsToSchema() {
  const SchemaEngine = await loadEngine();
  const { bindMigrationAwareSqlAdapterFactory } = await import(
    pathToFileURL(require.resolve('@prisma/driver-adapter-utils')).href
  );
  const scratch = await scratchFactory();
  const schema = fs.readFileSync(SCHEMA, 'utf8');
  const engine = await SchemaEngine.new(
    { datamodels: [[SCHEMA, schema]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(scratch.factory),
  );
  try {
    const migrations = listMigrations();
    const result = await engine.diff({
      from: migrations.migrationDirectories.length ? { tag: 'migrations', ...migrations } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA, content: schema }] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    return result.stdout ?? '';
  } finally {
    engine.free();
    await scratch.close();
  }
}

async function main([cmd, ...rest]) {
  if (cmd === 'diff') {
    const sql = await diffMigrationsToSchema();
    const inSync = sql.trim() === EMPTY || sql.trim() === '';
    process.stdout.write(inSync ? 'prisma/schema.prisma and prisma/migrations agree.\n' : sql);
    if (!inSync && rest.includes('--exit-code')) {
      console.error('\nschema.prisma has changes that no migration contains: run `npm run db:new <name>`.');
      return 2;
    }
    return 0;
  }
  if (cmd === 'new') {
    const name = (rest.find((a) => !a.startsWith('--')) ?? '').toLowerCase().replace(/[^a-z0-9_]+/g, '_');
    if (!name) throw new Error('usage: prisma-wasm.mjs new <name>');
    const sql = await diffMigrationsToSchema();
    if (sql.trim() === EMPTY) {
      console.log('Already in sync; no migration created.');
      return 0;
    }
    const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const dir = path.join(MIGRATIONS, `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'migration.sql'), sql);
    const lock = path.join(MIGRATIONS, 'migration_lock.toml');
    if (!fs.existsSync(lock)) fs.writeFileSync(lock, 'provider = "postgresql"\n');
    console.log(`Created ${path.relative(root, dir)}/migration.sql`);
    return 0;
  }
  console.error('usage: prisma-wasm.mjs new <name> | diff [--exit-code]');
  return 64;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e) => {
    console.error(e?.stack ?? e);
    process.exitCode = 1;
  },
);
