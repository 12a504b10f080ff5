export {
  ACCESS_PROTOCOLS,
  ACCOUNTS_PER_BACKEND,
  CLUSTER_ADVISE_ACCOUNTS,
  CLUSTER_CONSIDER_ACCOUNTS,
  CLUSTER_DOMAIN_ACCOUNTS,
  CLUSTER_OF_CLUSTERS_ACCOUNTS,
  CPU_WARN_PERCENT,
  DIRECTORY_BOTTLENECK_FRONTENDS,
  FRONTEND_SPEC,
  HEADROOM_WARN,
  PEAK_CONCURRENCY,
  PROTOCOLS,
  SESSION_WEIGHTS,
  SESSIONS_PER_BACKEND,
  SESSIONS_PER_FRONTEND,
  type Protocol,
} from './assumptions';
export {
  compareWithCluster,
  type CapacityPoint,
  type Comparison,
  type CurrentCluster,
  type CurrentNode,
  type NodeRoleName,
  type Severity,
  type Shortfall,
} from './compare';
export {
  controllerChannels,
  dynamicSymmetricConnections,
  grow,
  growthFactor,
  mixShare,
  sessionCost,
  staticSymmetricConnections,
  type SessionMix,
} from './formulas';
export { clusterAdvice, mixOf, planCluster } from './plan';
export type { InterServerConnections, Plan, Tier, TierId } from './plan-types';
export {
  DEFAULT_SIZING_INPUT,
  MAX_ACCOUNTS,
  MAX_GROWTH_PERCENT,
  MAX_HORIZON_YEARS,
  MAX_SESSIONS_PER_ACCOUNT,
  sizingFieldErrors,
  ZSizingInput,
  type TSizingInput,
} from './schema';
export {
  CLUSTER_HARDWARE,
  coveringRow,
  ICEWARP_CLUSTER,
  interpolate,
  serverSpecFor,
  SIZING_TABLE,
  storageFor,
  type ServerSpec,
  type SizingRow,
} from './sizing-table';

export { SETUP_LABELS, type DatabasePlan, type Infrastructure, type Setup, type StoragePlan } from './topology';
