import type { ConfigSnapshot } from '@cc/node-api';

// Types for dovecot.mjs, for the TypeScript tests that start a cluster.
export interface DovecotNode {
  name: 'dir' | 'b1' | 'b2';
  role: 'director' | 'backend';
  /** The node's own loopback address: client listeners, and the director's view of a backend. */
  ip: string;
  doveadmUrl: string;
  config: string;
  /** The file dovecot.conf includes last (the agent's --dovecot-readiness-conf). */
  readinessConf: string;
  log: string;
  /** Backends: where their agent writes the passwd-files, and the cluster-defaults include. */
  usersDir?: string;
  clusterConf?: string;
  ringPort?: number;
  pid: number;
}

export interface PostfixInstance {
  dir: string;
  configDir: string;
  ip: string;
  port: number;
  pid: number;
  maillog: string;
}

export interface DovecotCluster {
  runDir: string;
  apiKey: string;
  imapPort: number;
  popPort: number;
  lmtpPort: number;
  /** The shared mail storage. */
  mailRoot: string;
  /** With upCluster({ postfix: true }): the SMTP frontend. */
  postfix?: PostfixInstance;
  nodes: DovecotNode[];
}

export const PACKAGES: string[];
export const MAIL_USER: string;
export function findProgram(name: string): string | null;
export function unavailableReason(): string | null;
export function installDovecot(opts?: { log?: (line: string) => void; postfix?: boolean }): string | null;
export function doveadm(
  url: string,
  apiKey: string,
  command: string,
  params?: Record<string, unknown>,
  timeoutMs?: number,
): Promise<unknown>;
export function upCluster(opts?: {
  ips?: string[];
  imapPort?: number;
  popPort?: number;
  lmtpPort?: number;
  /** Also start a Postfix SMTP frontend (root only) delivering over LMTP to the director. */
  postfix?: boolean;
  postfixIp?: string;
  smtpPort?: number;
  stateFile?: string;
  log?: (line: string) => void;
}): Promise<DovecotCluster>;
export function downCluster(state: DovecotCluster, opts?: { keep?: boolean }): Promise<void>;
export function clusterStatus(state: DovecotCluster): Promise<string[]>;
export function agentArgs(state: DovecotCluster, node: DovecotNode): string[];
export function postfixAgentArgs(state: DovecotCluster): string[];
export function postfixUnavailableReason(): string | null;
export interface TestUser {
  user: string;
  password: string;
}
export function testUsers(count?: number): TestUser[];
export function testAccountsSnapshot(
  revision: number,
  users?: TestUser[],
  settings?: Record<string, string | number | boolean>,
): ConfigSnapshot;
export function provisionTestUsers(
  agents: Array<{ adminUrl: string; token: string }>,
  opts?: { revision?: number; users?: TestUser[] },
): Promise<void>;
export function usersHashedTo(
  state: DovecotCluster,
  ip: string,
  count: number,
  exclude?: Set<string>,
  candidates?: TestUser[],
): Promise<TestUser[]>;
