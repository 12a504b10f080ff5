#!/usr/bin/env node
// Runs the Prisma CLI offline: the native schema engine cannot be downloaded here, so point Prisma at
// an existing file; `generate` never runs it (migrations: scripts/prisma-wasm.mjs).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = {
  ...process.env,
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? path.join(root, 'scripts/prisma-wasm.mjs'),
};
const bin = path.join(root, 'node_modules/prisma/build/index.js');
const r = spawnSync(process.execPath, [bin, ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
process.exit(r.status ?? 1);
