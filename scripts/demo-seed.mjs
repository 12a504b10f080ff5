#!/usr/bin/env node
// `node scripts/demo-seed.mjs --nodes F --users F --domains F`: the demo's nodes, users and shared
// domains, written into the console's database (same DATABASE_URL / CC_DATA_DIR) before the console
// starts. The production console (`npm run serve`) never seeds anything. Work: packages/api/src/demo/seed.ts.
import { register } from 'tsx/esm/api';

register();
const { runDemoSeed } = await import('../packages/api/src/demo/seed.ts');
process.exitCode = await runDemoSeed(process.argv.slice(2));
