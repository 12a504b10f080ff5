// The agent's options (from the CLI or a test) and their validation, before
// anything is started.
import type { NodeRole, SessionProtocol, SupervisorStatus } from '@cc/node-api';
import { validateAdminUrl } from '@cc/node-api';
import { parseSha256Hex } from './auth';
import type { DovecotSettings, PostfixSettings } from './drivers';
import type { ProbeLimit } from './probe';
import type { RestartHandoff } from './restart-protocol';
import type { AgentTlsOptions } from './tls';

export interface AgentOptions {
  role: NodeRole;
  name: string;
  /** 0 (default) picks a free port. */
  adminPort?: number;
  host?: string;
  /** Admin token; only its SHA-256 is kept. Give this or tokenHash. */
  token?: string;
  /** SHA-256 of the admin token as hex, so the token never reaches this host. */
  tokenHash?: string;
  /** Default: .data/agents/<name> under the working directory. */
  dataDir?: string;
  /**
   * Serve the admin API over HTTPS: with the given certificate, or ({}) the agent's own, made on first
   * start in <dataDir>/tls. Unset: plain HTTP (the CLI serves HTTPS unless told --plain-http).
   */
  tls?: AgentTlsOptions;
  softwareVersion?: string;
  driver?: string;
  /** Admin URLs of the other nodes. */
  peers?: string[];
  clusterSecret?: string;
  seed?: number;
  /** Frontends: client listener ports (IMAP, POP, SMTP, HTTP); 0 or missing picks a free port. */
  clientPorts?: Partial<Record<SessionProtocol, number>>;
  /** Mean simulated session length; each lasts 0.5-1.5x this, so drains end quickly (demos, tests). */
  meanSessionMs?: number;
  /** Simulated driver: keep the whole account set, as Dovecot and Postfix nodes do (--simulate-account-set). */
  simulateAccountSet?: boolean;
  /** Multiplies the simulated arrival rate (default 1); 0 leaves only real client connections. */
  scale?: number;
  /** --driver dovecot: the node's doveadm API, its director's, and the readiness include file. */
  dovecot?: DovecotSettings;
  /** --driver postfix: the Postfix instance's config directory. */
  postfix?: PostfixSettings;
  /** POST /v1/probe attempts allowed per window; default 200 per 10 s. */
  probeLimit?: ProbeLimit;
  /** Election timing; defaults 500 ms poll, 1500 ms until a peer counts as dead. */
  election?: { intervalMs?: number; deadAfterMs?: number };
  /**
   * false: a backend outside the Controller election (cluster role none, places its own sessions), as
   * the fleet's backends beyond its election group are. Default true.
   */
  elect?: boolean;
  /** false: a simulated frontend reports nominal client ports instead of opening real ones. Default true. */
  clientListeners?: boolean;
  /** Structured log sink (the CLI writes JSON lines to stderr). */
  log?: (event: Record<string, unknown>) => void;
  /** Test only (--fail-health-versions): versions that fail their health check after an upgrade. */
  failHealthVersions?: string[];
  /** Given by the worker process: exits so its supervisor starts it again. Without it upgrades answer 501. */
  restart?: (handoff: RestartHandoff) => void;
  /** Left by the process before an upgrade restart: the same ports, counters carried on, start withdrawn. */
  handoff?: RestartHandoff;
  /** Given by the worker process: its supervisor's crash restarts, reported in the status. */
  supervisor?: SupervisorStatus;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export function checkAgentOptions(o: AgentOptions): void {
  if (o.role !== 'frontend' && o.role !== 'backend')
    throw new Error(`role must be "frontend" or "backend", got "${o.role}"`);
  // The name becomes a directory name, so keep it to a safe alphabet.
  if (!NAME_RE.test(o.name))
    throw new Error(`name "${o.name}" must be 1-63 letters, digits, ".", "_" or "-", starting with a letter or digit`);
  if (!o.token && !o.tokenHash) throw new Error('an admin token is required (--token or --token-hash)');
  if (o.token && o.tokenHash) throw new Error('give either --token or --token-hash, not both');
  if (o.tokenHash) parseSha256Hex(o.tokenHash);
  const checkPort = (what: string, port: number) => {
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${what} must be 0-65535, got ${port}`);
  };
  checkPort('admin port', o.adminPort ?? 0);
  for (const [protocol, port] of Object.entries(o.clientPorts ?? {})) {
    if (port === undefined) continue;
    // Simulated backends get their sessions from the Controller, not from clients; a real
    // mail server's backends have client ports of their own to report.
    if (o.role !== 'frontend' && (o.driver ?? 'simulated') === 'simulated')
      throw new Error(`--${protocol}-port is for frontends only`);
    checkPort(`${protocol} port`, port);
  }
  const mean = o.meanSessionMs;
  if (mean !== undefined && (!Number.isInteger(mean) || mean < 1 || mean > 86_400_000))
    throw new Error(`mean session length must be 1-86400000 ms, got ${mean}`);
  if (o.scale !== undefined && !(o.scale >= 0 && o.scale <= 100))
    throw new Error(`scale must be 0-100, got ${o.scale}`);
  for (const peer of o.peers ?? []) {
    const problem = validateAdminUrl(peer);
    if (problem) throw new Error(`peer "${peer}": ${problem}`);
  }
  if (o.elect === false && (o.peers?.length ?? 0) > 0)
    throw new Error('a node outside the election polls no peers: give either peers or elect: false');
  if ((o.peers?.length ?? 0) > 0 && !o.clusterSecret)
    throw new Error('a cluster secret is required when peers are given (--cluster-secret)');
}
