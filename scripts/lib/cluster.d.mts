// Types for cluster.mjs, the launcher shared by `npm start`, the bench and the TypeScript e2e harness.
import type { ChildProcess } from 'node:child_process';

export interface PlannedNode {
  name: string;
  role: 'frontend' | 'backend';
  port: number;
  adminUrl: string;
  token: string;
  /** Given to the agent in its environment, like the token. */
  clusterSecret: string;
  dataDir: string;
  clientPorts: Record<string, number> | null;
  args: string[];
  /** The admin API is HTTPS (the agent's own certificate); false: plain HTTP. */
  tls: boolean;
}

export interface StartedNode extends PlannedNode {
  pid: number;
  child: ChildProcess;
  /** The admin certificate's SHA-256 fingerprint from the agent's listening line; null over plain HTTP. */
  fingerprint256: string | null;
}

export const ROOT: string;
export function buildConsole(): number;
export function freePort(): Promise<number>;
export function plannedPort(taken?: Set<number>): Promise<number>;
export function planCluster(opts?: {
  frontends?: number;
  backends?: number;
  dataDir: string;
  clusterSecret?: string;
  meanSessionMs?: number;
  /** Default true: agents serve HTTPS with their own certificates. */
  tls?: boolean;
}): Promise<PlannedNode[]>;
/** The agent's node arguments and the environment holding its secrets (none of them in the arguments). */
export function agentCommand(node: { args: string[]; token?: string; clusterSecret?: string }): {
  args: string[];
  env: Record<string, string>;
};
export function spawnAgent(
  node: Pick<PlannedNode, 'name' | 'args'> &
    Partial<Pick<PlannedNode, 'token' | 'clusterSecret'>> &
    Record<string, unknown>,
  opts?: { log?: (line: string) => void; detached?: boolean },
): Promise<StartedNode>;
/** GET an agent's admin API path with its token; over https:// only to the certificate it printed. */
export function agentGet(
  agent: { adminUrl: string; token: string; fingerprint256?: string | null },
  urlPath: string,
  opts?: { timeoutMs?: number },
): Promise<{ status: number; json: unknown }>;
export function startAgents(
  plan: PlannedNode[],
  opts?: { dataDir?: string; log?: (line: string) => void },
): Promise<{ agents: StartedNode[]; demoFile: string }>;
/** The demo's data, seeded into the console's database before it starts (scripts/demo-seed.mjs). */
export function seedDemo(opts: {
  env?: Record<string, string>;
  nodes?: string;
  users?: string;
  domains?: string;
  log?: (line: string) => void;
}): Promise<void>;
export function spawnConsole(opts: {
  port: number;
  env?: Record<string, string>;
  log?: (line: string) => void;
}): ChildProcess;
export function waitForHealth(url: string, opts?: { timeoutMs?: number; child?: ChildProcess }): Promise<void>;
export function stopProcess(pid: number, opts?: { graceMs?: number }): Promise<void>;
export function writeDemoDomains(dataDir: string): string;
