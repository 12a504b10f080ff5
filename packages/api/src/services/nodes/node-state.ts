/**
 * A node's state as the console shows it. Down and Unknown are the console's own verdicts; the rest
 * is what the node reports. A draining node is never shown as healthy nor as dead.
 */
export const NODE_STATES = ['ready', 'draining', 'drained', 'non-ready', 'down', 'unknown'] as const;
export type NodeState = (typeof NODE_STATES)[number];

/** A node not heard from for this long is Down (the product promise is 3 s). */
export const DOWN_AFTER_MS = Number(process.env.CC_DOWN_AFTER_MS ?? 3000);
/** The collector proves it is alive this often; older than this, nothing it wrote is current. */
export const COLLECTOR_STALE_MS = 5000;

export interface StateInput {
  now: number;
  registeredAt: number;
  lastSeenAt: number | null;
  readiness: string | null;
  collectorAlive: boolean;
}

export function deriveNodeState(s: StateInput): NodeState {
  // Without a live collector the console knows nothing current: say so rather than guess Down.
  if (!s.collectorAlive) return 'unknown';
  const heardFrom = s.lastSeenAt ?? null;
  if (heardFrom === null) return s.now - s.registeredAt > DOWN_AFTER_MS ? 'down' : 'unknown';
  if (s.now - heardFrom > DOWN_AFTER_MS) return 'down';
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
