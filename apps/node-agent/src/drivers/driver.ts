// The seam between the agent (HTTP, auth, identity, election) and the mail
// server it manages. A real driver (e.g. Dovecot via doveadm) implements this
// interface and the console needs no change: it only sees the node API.
import type { Drain, Listener, NodeLoad, NodeRole, Readiness } from '@cc/node-api';

export interface DriverStatus {
  readiness: Readiness;
  drain: Drain | null;
  load: NodeLoad;
  /** Mail-protocol listeners; the agent adds its own admin listener. */
  listeners: Listener[];
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
   * let existing ones finish ('draining', then 'drained' at zero sessions).
   * Not exposed over HTTP yet; POST /v1/readiness will call it.
   */
  setReady(ready: boolean): Promise<void>;
  /** Ends all open sessions now; returns how many were ended. */
  endSessions(): Promise<number>;
}

export interface DriverContext {
  name: string;
  role: NodeRole;
  /** Version the agent was told to report (--software-version). */
  softwareVersion: string;
  /** Makes simulated behaviour reproducible. */
  seed?: number;
  dataDir: string;
}

export type DriverFactory = (ctx: DriverContext) => NodeDriver;
