/**
 * The planner's assumptions: every number here that the seeds do not print is marked as ours.
 * Kept in one place so the console can show them next to the result.
 */
import { FIRST_ROW, LAST_ROW, type ServerSpec } from './sizing-table';

/** Accounts per backend: the seed's largest single-server row. Beyond it the seed only scales out. */
export const ACCOUNTS_PER_BACKEND = LAST_ROW.users;

/** Ours: share of accounts with a session at the busiest hour, used only to derive backend capacity. */
export const PEAK_CONCURRENCY = 0.3;

/**
 * Ours: IMAP-equivalent concurrent sessions one backend carries: a full 25,000-account server at 30 %
 * peak concurrency (7,500).
 */
export const SESSIONS_PER_BACKEND = ACCOUNTS_PER_BACKEND * PEAK_CONCURRENCY;

/**
 * Ours: frontends keep no account data and do no storage I/O (CGP 002: they only relay to backends),
 * so one carries twice a backend's sessions (15,000 IMAP-equivalent).
 */
export const SESSIONS_PER_FRONTEND = 2 * SESSIONS_PER_BACKEND;

export type Protocol = 'imap' | 'pop' | 'webUser' | 'smtp';
export const PROTOCOLS: readonly Protocol[] = ['imap', 'pop', 'webUser', 'smtp'];

/**
 * Ours: cost of one concurrent session relative to IMAP. WebUser renders mail server-side;
 * SMTP sessions carry TLS plus content filtering for every message.
 */
export const SESSION_WEIGHTS: Readonly<Record<Protocol, number>> = { imap: 1, pop: 1, webUser: 1.5, smtp: 2 };

/**
 * Account access sessions (CGP 002: "access-type (POP, IMAP, HTTP)"). In a frontend–backend cluster
 * only these reach the backends; SMTP ends on the frontends, which hand messages over in bulk.
 */
export const ACCESS_PROTOCOLS: readonly Protocol[] = ['imap', 'pop', 'webUser'];

/** Frontends hold no mailboxes: the seed's smallest production spec (1,000-user row). */
export const FRONTEND_SPEC: ServerSpec = FIRST_ROW.server;

/** CGP (002, landscape): consider a cluster above 150,000–200,000 accounts… */
export const CLUSTER_CONSIDER_ACCOUNTS = 150_000;
export const CLUSTER_ADVISE_ACCOUNTS = 200_000;
/** …or when one domain has 100,000 or more accounts. */
export const CLUSTER_DOMAIN_ACCOUNTS = 100_000;
/** CGP (002): above 5,000,000 active accounts, a Static Cluster of Dynamic Clusters. */
export const CLUSTER_OF_CLUSTERS_ACCOUNTS = 5_000_000;
/** CGP (002): with 50 and more frontends the Directory Server can become the bottleneck. */
export const DIRECTORY_BOTTLENECK_FRONTENDS = 50;

/** Ours: a tier loaded above this share of its capacity has too little headroom. */
export const HEADROOM_WARN = 0.8;
/** Ours: a node above this CPU is flagged. */
export const CPU_WARN_PERCENT = 85;
