/**
 * A node's state as the console shows it. Down and Unknown are the console's own verdicts; the rest
 * is what the node reports. A draining node is never shown as healthy nor as dead.
 */
import { currentEnv } from '../../env';

export const NODE_STATES = ['ready', 'draining', 'drained', 'non-ready', 'down', 'unknown'] as const;
export type NodeState = (typeof NODE_STATES)[number];

/** A node not heard from for this long is Down (the product promise is 3 s). */
export const DOWN_AFTER_MS = currentEnv().CC_DOWN_AFTER_MS;
/** The collector proves it is alive this often; older than this, nothing it wrote is current. */
export const COLLECTOR_STALE_MS = 5000;

/** A heartbeat later than this (it beats every second) means the collector is not writing right now. */
export const HEARTBEAT_SLACK_MS = 1500;

/** What the collector lease says about how long the current collector has been watching (epoch ms). */
export interface CollectorEvidence {
  heartbeatAt: number | null;
  /** null: not recorded (a one-off collection): the record is taken as continuous. */
  leadingSince: number | null;
  previousHeartbeatAt: number | null;
}

/**
 * A node last heard from before this instant (epoch ms) is Down. Only silence a collector watched
 * counts: a node is Down when the current collector has polled it in vain for DOWN_AFTER_MS, possibly
 * together with silence its predecessor had already seen, but never counting the gap in between (a
 * leader hand-over, a database outage) nor the time since the last heartbeat when it is late. Right
 * after a hand-over, old timestamps alone therefore never make a healthy node Down.
 */
export function downBefore(e: CollectorEvidence, now: number): number {
  const end = e.heartbeatAt === null ? now : Math.min(now, e.heartbeatAt + HEARTBEAT_SLACK_MS);
  if (e.leadingSince === null) return end - DOWN_AFTER_MS;
  const own = Math.max(0, end - e.leadingSince);
  if (own > DOWN_AFTER_MS) return end - DOWN_AFTER_MS;
  // Not watching long enough on its own: the rest must come from before the gap. 0: nobody is Down yet.
  if (e.previousHeartbeatAt === null) return 0;
  return Math.min(e.previousHeartbeatAt, e.leadingSince) - (DOWN_AFTER_MS - own);
}

export interface StateInput {
  now: number;
  registeredAt: number;
  lastSeenAt: number | null;
  readiness: string | null;
  collectorAlive: boolean;
  /** From downBefore(); without it, simply DOWN_AFTER_MS before now. */
  downBefore?: number;
}

export function deriveNodeState(s: StateInput): NodeState {
  // Without a live collector the console knows nothing current: say so rather than guess Down.
  if (!s.collectorAlive) return 'unknown';
  const cutoff = s.downBefore ?? s.now - DOWN_AFTER_MS;
  const heardFrom = s.lastSeenAt ?? null;
  if (heardFrom === null) return s.registeredAt < cutoff ? 'down' : 'unknown';
  if (heardFrom < cutoff) return 'down';
  // Not judged yet (the collector has only just begun watching): a recent report still says how the
  // node was; one from long before the gap says nothing current.
  if (s.now - heardFrom > DOWN_AFTER_MS + COLLECTOR_STALE_MS) return 'unknown';
  switch (s.readiness) {
    case 'ready':
    case 'draining':
    case 'drained':
    case 'non-ready':
      return s.readiness;
    default:
      return 'unknown';
  }
}
