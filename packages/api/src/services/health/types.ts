import { type FindingKind, SEVERITIES, type Severity } from '@cc/schemas';

import type { NodeState } from '../nodes/node-state';
import type { Thresholds } from './settings';

// The kinds and severities are part of the procedures' inputs: defined with them in @cc/schemas.
export { FINDING_KINDS, SEVERITIES, type FindingKind, type Severity } from '@cc/schemas';

export const severityRank = (s: string): number => SEVERITIES.indexOf(s as Severity);

export interface Subject {
  type: 'node' | 'upgrade' | 'cluster';
  id: string;
  name: string;
}

export interface Link {
  label: string;
  href: string;
}

/** A condition that holds right now; the store turns it into an open finding (deduplicated by key). */
export interface Condition {
  key: string;
  kind: FindingKind;
  severity: Severity;
  subjects: Subject[];
  domainId: string | null;
  summary: string;
  explanation: string;
  suggestedAction: string;
  links: Link[];
  /** Raise only once the condition has held this long without a break (sustained load, lag). */
  holdMs?: number;
}

export interface NodeSnapshot {
  id: string;
  name: string;
  role: 'FRONTEND' | 'BACKEND';
  adminUrl: string;
  state: NodeState;
  clusterRole: string | null;
  /** The other backends as this node last saw them (who it takes for Controller). */
  peers: Array<{ name: string; clusterRole: string; alive: boolean }>;
  softwareVersion: string | null;
  cpuPercent: number;
  memUsedBytes: number;
  memTotalBytes: number;
  /** Not reported by agents yet (see README, Cluster health): always null. */
  diskPercent: number | null;
  configRevision: bigint;
  /** The node's own clock when it took its last report, and the console's when it arrived. */
  observedAt: Date | null;
  lastSeenAt: Date | null;
  readiness: string | null;
  drainDeadline: Date | null;
  /** The agent certificate's notAfter, when known (https:// nodes, fetched by the evaluator). */
  certNotAfter: Date | null;
}

export interface Snapshot {
  now: number;
  collectorAlive: boolean;
  nodes: NodeSnapshot[];
  desiredRevision: bigint;
  lastPortCheck: { id: string; finishedAt: Date; failed: number; failures: string[] } | null;
  upgrade: {
    id: string;
    targetVersion: string;
    startedAt: Date | null;
    maxMixedHours: number | null;
    drainDeadlineSeconds: number;
    draining: Array<{ nodeId: string; nodeName: string; since: Date }>;
  } | null;
  /** Times (epoch ms) each node went Down within the flapping window (kept by the evaluator). */
  downTransitions: Map<string, number[]>;
  thresholds: Thresholds;
}
