#!/usr/bin/env node
// `npm run db:backup [-- <dir>]` / `npm run db:restore -- <dir>`: the embedded database and the master key
// (packages/api/src/backup-cli.ts). Same CC_DATA_DIR as the console; stop the console first.
import { register } from 'tsx/esm/api';

register();
const { runBackup, runRestore } = await import('../packages/api/src/backup-cli.ts');
const [command, ...args] = process.argv.slice(2);
process.exitCode = command === 'restore' ? await runRestore(args) : await runBackup(args);
