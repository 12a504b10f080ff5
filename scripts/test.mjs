#!/usr/bin/env node
// `npm test`: the whole suite, in the order a failure is cheapest to find. With DATABASE_URL set the
// router integration tests and the end-to-end specs run on that PostgreSQL server instead of PGlite.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureSystemDeps } from './lib/system-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  TURBO_TELEMETRY_DISABLED: '1',
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
};
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const turbo = [bin('turbo'), 'run'];
const steps = [
  ['prisma client', ['node', 'scripts/prisma.mjs', 'generate']],
  // Type-aware linting holds every package's program at once (~5 GB): more than Node's default heap.
  ['lint', ['node', '--max-old-space-size=8192', bin('eslint'), '--max-warnings=0', '.']],
  ['import cycles', ['node', 'scripts/check-cycles.mjs']],
  ['format', [bin('prettier'), '--check', '--log-level=warn', '.']],
  ['schema ↔ migrations drift', ['node', 'scripts/prisma-wasm.mjs', 'diff', '--exit-code']],
  ['typecheck', [...turbo, 'typecheck', '--output-logs=errors-only']],
  ['unit + router integration tests', [...turbo, 'test', '--concurrency=1', '--output-logs=full']],
  ['build console', [...turbo, 'build', '--filter=@cc/console', '--output-logs=errors-only']],
  ['end-to-end (Chromium)', [...turbo, 'e2e', '--output-logs=full']],
];

const only = process.argv.slice(2);
const selected = (name) => !only.length || only.some((o) => name.includes(o));
// Stop before the first runner when the machine lacks what a selected step needs (root on Debian: install it).
if (selected('end-to-end')) {
  const missing = ensureSystemDeps(env);
  if (missing) {
    console.error(`[test] ${missing}`);
    process.exit(1);
  }
}
const db = env.DATABASE_URL ? `PostgreSQL (${new URL(env.DATABASE_URL).host})` : 'embedded PGlite';
console.log(`[test] database: ${db}`);
const timings = [];
for (const [name, [cmd, ...args]] of steps) {
  if (!selected(name)) continue;
  console.log(`\n[test] ── ${name}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  timings.push(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (r.status !== 0) {
    console.error(`\n[test] FAILED at "${name}" (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}
console.log(`\n[test] all steps passed on ${db}\n  ${timings.join('\n  ')}`);
