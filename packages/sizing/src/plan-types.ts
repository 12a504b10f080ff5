/** The plan's shapes, apart from the code that builds them (plan.ts and tiers.ts both use them). */
import type { Setup, Infrastructure } from './topology';
import type { TSizingInput } from './schema';
import type { ServerSpec } from './sizing-table';

export type TierId =
  | 'frontend'
  | 'backend'
  | 'database'
  | 'db-load-balancer'
  | 'load-balancer'
  | 'storage'
  | 'backup-storage'
  | 'control-server'
  | 'management-unit'
  | 'switch';

export interface Tier {
  id: TierId;
  label: string;
  count: number;
  /** Per server; null for network gear and roles folded into another server. The seed gives no storage cores below the cluster line. */
  spec: { ramGb: number; cores: number | null; disks?: number } | null;
  /** "virtualizable", "optional"… */
  note: string | null;
  reason: string;
}

export interface InterServerConnections {
  /** Which CGP case applies: a single server, or frontends relaying to backends. */
  model: 'none' | 'frontend-backend';
  /** The expected average for that model. */
  expected: number;
  /** M: external access connections (IMAP, POP, WebUser/HTTP). */
  externalConnections: number;
  /** N: servers with account access (the backends). */
  servers: number;
  /** A: average accounts open on each server, taken as one per access session at most. */
  accountsOpenPerServer: number;
  /** T: accounts in Shared Domains (all planned accounts). */
  totalAccounts: number;
  /** For comparison: M·(N−1)/N if the backends formed a symmetric Static Cluster. */
  staticSymmetric: number;
  /** For comparison: M·(N−1)/N·A/T if they formed a symmetric Dynamic Cluster. */
  dynamicSymmetric: number;
}

export interface Plan extends Infrastructure {
  input: TSizingInput;
  /** The inputs grown to the end of the horizon: everything below is sized for these. */
  planned: { accounts: number; largestDomainAccounts: number; sessions: number; growthFactor: number; years: number };
  setup: Setup;
  setupLabel: string;
  frontends: number;
  backends: number;
  frontendSpec: ServerSpec;
  backendSpec: ServerSpec;
  /** Accounts each backend spec is sized for (the spare excluded). */
  accountsPerBackend: number;
  /** Sessions each tier must carry at the horizon (real sessions, not IMAP-equivalent). */
  load: { frontends: number; backends: number };
  /** Real sessions of this mix one server, and the whole recommended tier, can carry. */
  capacity: { frontendEach: number; backendEach: number; frontends: number; backends: number };
  clusterAdvised: boolean;
  clusterReason: string;
  controllerChannels: { recommended: number; minimum: number };
  interServerConnections: InterServerConnections;
  tiers: Tier[];
  reasons: string[];
}
