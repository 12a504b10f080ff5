#!/usr/bin/env node
// `npm run serve [-- --env-file <path>]`: the production console, no demo. Settings come from the
// environment and the env file (--env-file or CC_ENV_FILE; the environment wins), checked before
// Next.js boots: a wrong or missing value prints one line naming the variable and exits 2. It
// serves the existing build and never builds: run `npm run build` first (a missing build exits 2).
// package.json runs it as `node -- scripts/serve.mjs`: Node 20 would take a later --env-file as its own.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { register } from 'tsx/esm/api';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONSOLE_DIR = path.join(ROOT, 'apps/console');
const NEXT_BIN = path.join(ROOT, 'node_modules/next/dist/bin/next');
/** The console's heap cap (see scripts/lib/cluster.mjs CONSOLE_HEAP_MB). */
const HEAP_MB = 256;

const fail = (message) => {
  process.stderr.write(`cluster-console: ${message}\n`);
  process.exit(2);
};

register();
const { resolveServeConfig } = await import('../packages/api/src/serve-config.ts');
let config;
try {
  config = resolveServeConfig(process.argv.slice(2), process.env);
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
if (!fs.existsSync(path.join(CONSOLE_DIR, '.next', 'BUILD_ID'))) {
  fail('no build of the console in apps/console/.next: run `npm run build` first');
}

const nodeOptions = [config.env.NODE_OPTIONS, `--max-old-space-size=${HEAP_MB}`].filter(Boolean).join(' ');
const child = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(config.port), '-H', config.host], {
  cwd: CONSOLE_DIR,
  // Two malloc arenas (an environment value wins): see CONSOLE_PROCESS_ENV in scripts/lib/cluster.mjs.
  env: {
    MALLOC_ARENA_MAX: '2',
    ...config.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_OPTIONS: nodeOptions,
  },
  stdio: 'inherit',
});
// One process to supervise (systemd, a container): signals go to the console, its exit is ours. A stop
// we passed on is a clean exit (Next.js answers SIGTERM with 143), anything else keeps its code.
let forwarded = false;
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => {
    forwarded = true;
    child.kill(signal);
  });
}
child.on('exit', (code, signal) => process.exit(forwarded && (signal || code >= 128) ? 0 : (code ?? 1)));
