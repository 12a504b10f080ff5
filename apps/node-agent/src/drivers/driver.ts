// The seam between the agent (HTTP, auth, identity, election) and the mail
// server it manages. A real driver (e.g. Dovecot via doveadm) implements this
// interface and the console needs no change: it only sees the node API.
import type {
  ConfigSnapshot,
  Drain,
  Listener,
  NodeLoad,
  NodeRole,
  NodeStatus,
  PlaceSessionRequest,
  Readiness,
  SessionCounters,
  SessionCounts,
  SessionProtocol,
  UnsupportedFeature,
} from '@cc/node-api';
import type { ApplyContext } from '../config-store';
import type { DovecotSettings } from './dovecot/settings';
import type { PostfixSettings } from './postfix/settings';

export interface DriverStatus {
  readiness: Readiness;
  drain: Drain | null;
  load: NodeLoad;
  /** Mail-protocol listeners; the agent adds its own admin listener. */
  listeners: Listener[];
  /** Omitted by drivers that cannot count session ends. */
  sessionCounters?: SessionCounters;
  /** SMTP frontends: messages in the mail queue. */
  queue?: NodeStatus['queue'];
}

/**
 * Simulation only: lets the Controller generate the backend tier's session
 * arrivals and place each one on a backend. (With a real mail server, clients
 * arrive on their own and the frontends' director picks the backend.)
 */
export interface SessionPlacement {
  /** Stops the node's own arrivals for good: from now on the Controller places them. */
  useTierArrivals(): void;
  /** The tier's new sessions over `seconds` of demand for `backends` live backends. */
  drawArrivals(seconds: number, backends: number): PlaceSessionRequest[];
  /** Opens the session; false when not Ready, unless forced (a lone Controller keeps serving). */
  place(session: PlaceSessionRequest, force?: boolean): boolean;
  /** Whether place() accepts unforced sessions now. */
  readonly accepting: boolean;
  readonly openSessions: number;
}

export interface NodeDriver {
  /** Reported as NodeInfo.driver, e.g. 'simulated'. */
  readonly kind: string;
  start(): Promise<void>;
  /** Must release every timer/handle so the process can exit. */
  stop(): Promise<void>;
  softwareVersion(): string;
  /** Driver-specific feature names, merged into NodeInfo.capabilities. */
  capabilities(): string[];
  status(): Promise<DriverStatus>;
  /**
   * true: accept new sessions ('ready'). false: stop accepting new sessions and
   * let existing ones finish: a backend reports 'draining', then 'drained' at
   * zero sessions; a frontend reports 'non-ready'. Idempotent (POST /v1/readiness).
   */
  setReady(ready: boolean): Promise<void>;
  /** Ends all open sessions now; returns how many were ended (POST /v1/sessions/end). */
  endSessions(): Promise<number>;
  /**
   * Reload the mail server so new settings take effect without dropping sessions; optional.
   * Called after the revision is on disk (PUT /v1/config); a throw rolls the revision back.
   */
  applyConfig?(snapshot: ConfigSnapshot, context: ApplyContext): Promise<void>;
  /**
   * false: the mail server holds none of what applyConfig wrote (its files are gone), so the agent
   * reports revision 0 and gets the whole configuration again. Optional: true by default.
   */
  holdsConfig?(): Promise<boolean>;
  /**
   * Sessions per protocol of those of `addresses` that are open on this node, keyed by
   * lowercase address (POST /v1/accounts/sessions). Without it the agent answers 501.
   */
  accountSessions?(addresses: string[]): Map<string, SessionCounts> | Promise<Map<string, SessionCounts>>;
  /** Ends every session of one account now; returns how many, counted as endedByAdmin. Without it: 501. */
  endAccountSessions?(address: string): number | Promise<number>;
  /**
   * Lower-case addresses of the accounts with at least one open session, each once: those the
   * node shows cluster alerts to (polled every second). Without it no alert is shown.
   */
  openAccounts?(): Iterable<string>;
  /** Present on simulated backends only. */
  readonly placement?: SessionPlacement | undefined;
  /**
   * Features the reference agent offers that this mail server cannot, with why (NodeInfo.unsupported);
   * the agent drops them from NodeInfo.capabilities. Optional: none by default.
   */
  unsupported?(): UnsupportedFeature[];
  /**
   * true: softwareVersion() is the version the agent passes in (DriverContext.softwareVersion), so
   * restarting the agent into another version really changes it (POST /v1/upgrade). Without it the
   * agent answers 501: a real mail server's version is not the agent's to change.
   */
  readonly upgradable?: boolean;
}

export interface DriverContext {
  name: string;
  role: NodeRole;
  /** Version the agent was told to report (--software-version). */
  softwareVersion: string;
  /** Makes simulated behaviour reproducible. */
  seed?: number | undefined;
  dataDir: string;
  /** Address for client listeners (the agent's --host). */
  host: string;
  /** false: simulated frontends report nominal client ports and open none (many nodes in one process). */
  clientListeners?: boolean | undefined;
  /** Client listener ports on frontends; 0 or missing picks a free one. */
  clientPorts?: Partial<Record<SessionProtocol, number>> | undefined;
  /** Mean session length for short demos and tests. */
  meanSessionMs?: number | undefined;
  /** Multiplies the simulated arrival rate; 0 = none. */
  scale?: number | undefined;
  /** Simulated driver: declare the 'accounts' capability (keeps the whole account set). */
  simulateAccountSet?: boolean | undefined;
  /** The Dovecot driver's doveadm endpoints and files (--doveadm-url, ...). */
  dovecot?: DovecotSettings | undefined;
  /** The Postfix driver's instance (--postfix-config-dir). */
  postfix?: PostfixSettings | undefined;
  /**
   * false after an upgrade restart: start withdrawn (a backend drained, a frontend Non-Ready) with no
   * sessions, until the console makes the node Ready. Default true. Drivers that cannot may ignore it.
   */
  startReady?: boolean | undefined;
  /** Counters the process before an upgrade restart left, to carry on from. */
  sessionCounters?: SessionCounters | undefined;
  /** The agent's structured log (the node's name is added). */
  log?: ((event: Record<string, unknown>) => void) | undefined;
}

export type DriverFactory = (ctx: DriverContext) => NodeDriver;
