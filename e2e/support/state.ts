import fs from 'node:fs';
import path from 'node:path';

export interface AgentState {
  name: string;
  role: 'frontend' | 'backend';
  adminUrl: string;
  token: string;
  /** The admin certificate's SHA-256 fingerprint the agent printed (the console pins it). */
  fingerprint256: string | null;
  /** Given to the agent in its environment with the token, never in `args` (visible in ps). */
  clusterSecret: string;
  args: string[];
  pid: number;
}

export interface E2EState {
  baseURL: string;
  dataDir: string;
  /** The per-run PostgreSQL database, when DATABASE_URL names a server. */
  databaseUrl: string | null;
  consolePid: number;
  /** What the console was started with, so a spec can start it again after killing it. */
  consoleEnv: Record<string, string>;
  agents: AgentState[];
  users: Record<'admin' | 'operator' | 'auditor' | 'domainAdmin', { email: string; password: string }>;
}

export const STATE_FILE = path.join(import.meta.dirname, '..', '.state', 'cluster.json');

export function readState(): E2EState {
  return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) as E2EState;
}

export function writeState(state: E2EState): void {
  fs.mkdirSync(path.dirname(STATE_FILE), { recursive: true });
  fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2), { mode: 0o600 });
}
