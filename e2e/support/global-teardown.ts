import fs from 'node:fs';

import { stopProcess } from '../../scripts/lib/cluster.mjs';

import { dropDatabase } from './database';
import { readState, STATE_FILE } from './state';

export default async function globalTeardown() {
  if (!fs.existsSync(STATE_FILE)) return;
  const state = readState();
  await Promise.all([stopProcess(state.consolePid), ...state.agents.map((a) => stopProcess(a.pid))]);
  if (state.databaseUrl) await dropDatabase(state.databaseUrl);
  if (!process.env.E2E_KEEP_DATA) fs.rmSync(state.dataDir, { recursive: true, force: true });
  fs.rmSync(STATE_FILE, { force: true });
}
