// What the supervisor (main.ts) and the agent's worker process (worker.ts)
// tell each other over the IPC channel. Imports nothing, so the supervisor
// starts quickly and never loads the agent itself.
import type { SessionCounters, SessionProtocol, SupervisorStatus } from '@cc/node-api';

/** The worker exits with this after an upgrade or rollback: start a new one (EX_TEMPFAIL). */
export const RESTART_EXIT_CODE = 75;
/** Environment variable carrying the RestartHandoff (JSON) to the restarted worker. */
export const HANDOFF_ENV = 'CC_NODE_AGENT_HANDOFF';

/** What a worker about to restart leaves to the next one, so the node looks the same from outside. */
export interface RestartHandoff {
  /** The admin port it was bound to (--admin-port 0 picked it). */
  adminPort: number;
  /** Client listener ports it had opened, for drivers that open them (0 picked them). */
  clientPorts?: Partial<Record<SessionProtocol, number>>;
  /**
   * Carried on, so `started - endedNormally - endedByAdmin - open` stays right: sessions still open
   * at the restart are in `started` and never end, i.e. they count as ended abnormally.
   */
  sessionCounters?: SessionCounters;
  /** Sessions that were open when the old worker stopped (cut by a forced upgrade). */
  cut: number;
}

/**
 * Environment variable carrying a SupervisorState (JSON) to every worker after the first crash: the
 * restart counts for its status, and the ports to take again after a crash (0 may have picked them).
 */
export const SUPERVISOR_ENV = 'CC_NODE_AGENT_SUPERVISOR';

export interface SupervisorState extends SupervisorStatus {
  /** Set only for a restart after a crash; an upgrade restart's handoff carries its own ports. */
  adminPort?: number;
  clientPorts?: Partial<Record<SessionProtocol, number>>;
}

export type WorkerMessage =
  | {
      type: 'listening';
      name: string;
      role: string;
      adminUrl: string;
      /** HTTPS: the admin certificate's SHA-256 fingerprint, printed for the operator to confirm in the console. */
      fingerprint256?: string;
      /** Client ports the driver opened itself, to take again after a crash. */
      clientPorts?: Partial<Record<SessionProtocol, number>>;
    }
  /** Sent just before exiting with RESTART_EXIT_CODE. */
  | { type: 'restart'; handoff: RestartHandoff };

export function isWorkerMessage(m: unknown): m is WorkerMessage {
  const type = (m as { type?: unknown } | null)?.type;
  return type === 'listening' || type === 'restart';
}

/** Crash restarts wait 0.5 s, doubling up to 30 s; a worker that ran this long resets the wait. */
export const CRASH_BACKOFF = { firstMs: 500, maxMs: 30_000, resetAfterMs: 60_000 } as const;

/** The wait before crash restart number `attempt` (1-based) of a row of quick crashes. */
export function crashRestartDelayMs(attempt: number): number {
  return Math.min(CRASH_BACKOFF.maxMs, CRASH_BACKOFF.firstMs * 2 ** Math.max(0, attempt - 1));
}
