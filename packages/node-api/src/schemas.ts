// The node admin API contract (v1) as zod schemas. The console validates every
// node answer against these, and the OpenAPI document is generated from them,
// so this file is the single source of truth for the wire format.
import { z } from 'zod';
import { MAX_HOST_LENGTH, validateHost } from './host';
import { ZUpgradeStatus } from './upgrade-schemas';

export const API_VERSION = 'v1';

// Offsets are accepted so a node in a non-UTC locale is not rejected; our own
// agent always sends `toISOString()` (UTC, "Z").
const ZIsoDateTime = z.iso.datetime({ offset: true });
const ZCount = z.number().int().nonnegative();

export const ZNodeRole = z.enum(['frontend', 'backend']);
export type NodeRole = z.infer<typeof ZNodeRole>;

/** Frontends are never part of the election and always report 'none'. */
export const ZClusterRole = z.enum(['controller', 'backup', 'member', 'none']);
export type ClusterRole = z.infer<typeof ZClusterRole>;

export const ZReadiness = z.enum(['ready', 'non-ready', 'draining', 'drained']);
export type Readiness = z.infer<typeof ZReadiness>;

/** Client-facing mail protocols a node serves sessions on. */
export const ZSessionProtocol = z.enum(['imap', 'pop', 'smtp', 'http']);
export type SessionProtocol = z.infer<typeof ZSessionProtocol>;
export const SESSION_PROTOCOLS = ZSessionProtocol.options;

export const ZListenerProtocol = z.enum(['imap', 'pop', 'smtp', 'http', 'admin']);
export type ListenerProtocol = z.infer<typeof ZListenerProtocol>;

export const ZNodeInfo = z.object({
  apiVersion: z.literal(API_VERSION),
  id: z.uuid().describe("Stable across restarts: kept in the node's data directory."),
  name: z.string().min(1),
  role: ZNodeRole,
  softwareVersion: z.string().min(1),
  startedAt: ZIsoDateTime.describe('When the agent process started.'),
  capabilities: z.array(z.string()).describe('Feature names the node supports; the console hides what is missing.'),
  driver: z.string().min(1).describe("Which driver produces the data, e.g. 'simulated' or 'dovecot'."),
  unsupported: z
    .array(z.object({ feature: z.string().min(1), reason: z.string().min(1) }))
    .optional()
    .describe('Features of the reference agent this node cannot offer, and why; the console greys them out.'),
});
export type NodeInfo = z.infer<typeof ZNodeInfo>;
export type UnsupportedFeature = NonNullable<NodeInfo['unsupported']>[number];

export const ZDrain = z.object({
  sessionsAtStart: ZCount,
  sessionsRemaining: ZCount,
});
export type Drain = z.infer<typeof ZDrain>;

export const ZSessionCounts = z.object({
  imap: ZCount,
  pop: ZCount,
  smtp: ZCount,
  http: ZCount,
});
export type SessionCounts = z.infer<typeof ZSessionCounts>;

export const ZNodeLoad = z.object({
  cpuPercent: z.number().min(0).max(100),
  memory: z.object({ usedBytes: ZCount, totalBytes: ZCount }),
  sessions: ZSessionCounts,
  accountsOpen: ZCount.describe('Distinct accounts with at least one open session (0 on frontends).'),
  disk: z
    .object({ usedBytes: ZCount, totalBytes: ZCount })
    .nullable()
    .optional()
    .describe(
      "The file system holding the node's mail (its data directory where it keeps none); absent from older agents.",
    ),
});
export type NodeLoad = z.infer<typeof ZNodeLoad>;

export const ZListener = z.object({
  protocol: ZListenerProtocol,
  port: z.number().int().min(1).max(65535),
  open: z.boolean(),
});
export type Listener = z.infer<typeof ZListener>;

/**
 * Since the agent started. Every session that started either is still open or
 * ended one of these two ways, so `started - endedNormally - endedByAdmin -
 * open sessions` counts sessions that ended abnormally (0 on a healthy node).
 */
export const ZSessionCounters = z
  .object({
    started: ZCount,
    endedNormally: ZCount.describe('Closed by the client or ran their natural course.'),
    endedByAdmin: ZCount.describe('Ended by POST /v1/sessions/end.'),
  })
  .describe('Since the agent started; started - endedNormally - endedByAdmin - open sessions ended abnormally.');
export type SessionCounters = z.infer<typeof ZSessionCounters>;

export const ZPeer = z.object({
  name: z.string().min(1),
  clusterRole: ZClusterRole,
  alive: z.boolean(),
});
export type Peer = z.infer<typeof ZPeer>;

/** What a node reports in its status about its configuration (PUT /v1/config). */
export const ZNodeConfigStatus = z.object({
  revision: ZCount.describe('Newest configuration revision applied; 0 = never configured.'),
  appliedAt: ZIsoDateTime.nullable().describe('When that revision was applied (node clock).'),
  // Optional so nodes that predate it still validate.
  lastError: z
    .object({
      revision: ZCount.describe('The revision the mail server refused; the node keeps the one above.'),
      message: z.string().max(2000),
      at: ZIsoDateTime,
    })
    .nullable()
    .optional()
    .describe('The newest revision the node could not apply, while it has not applied a newer one; else null.'),
});
export type NodeConfigStatus = z.infer<typeof ZNodeConfigStatus>;

/** What the agent's supervisor process reports about restarting its worker after a crash. */
export const ZSupervisorStatus = z.object({
  restarts: ZCount.describe('Times the supervisor restarted the agent after it exited unexpectedly.'),
  lastRestartAt: ZIsoDateTime.nullable().describe('When the latest such restart happened; null if never.'),
  lastExitCode: z
    .number()
    .int()
    .nullable()
    .describe('Exit code of the process that exited; null if never, or if killed by a signal.'),
  lastExitSignal: z.string().max(32).nullable().describe('The signal that killed it (e.g. SIGKILL), else null.'),
});
export type SupervisorStatus = z.infer<typeof ZSupervisorStatus>;

export const ZNodeStatus = z.object({
  observedAt: ZIsoDateTime.describe('When these figures were taken.'),
  readiness: ZReadiness,
  clusterRole: ZClusterRole.describe("This node's role in the backend controller election ('none' on frontends)."),
  drain: ZDrain.nullable().describe('Progress of the current drain; null unless draining or drained.'),
  load: ZNodeLoad,
  listeners: z.array(ZListener),
  peers: z.array(ZPeer),
  // Optional so nodes that predate the counters still validate.
  sessionCounters: ZSessionCounters.optional(),
  config: ZNodeConfigStatus.optional().describe('The configuration revision this node has applied.'),
  queue: z
    .object({ active: ZCount, deferred: ZCount, total: ZCount })
    .optional()
    .describe('SMTP frontends (Postfix): messages in the mail queue.'),
  // Optional so nodes that predate upgrades still validate.
  upgrade: ZUpgradeStatus.optional().describe('The latest software upgrade or rollback (POST /v1/upgrade).'),
  // Optional: agents run without a supervisor (and older ones) leave it out.
  supervisor: ZSupervisorStatus.optional().describe('Crash restarts of the agent by its supervisor process.'),
});
export type NodeStatus = z.infer<typeof ZNodeStatus>;

/** Node-to-node liveness answer used by the controller election. */
export const ZHeartbeat = z.object({
  name: z.string().min(1),
  role: ZNodeRole,
  clusterRole: ZClusterRole,
  startedAt: ZIsoDateTime,
  alive: z.literal(true),
  // Optional: older backends omit them and are then treated as Ready with unknown load.
  readiness: ZReadiness.optional(),
  sessions: ZCount.optional().describe("Open sessions, for the Controller's least-loaded placement."),
});
export type Heartbeat = z.infer<typeof ZHeartbeat>;

// Request bodies are strict: a misspelt or newer option must fail loudly (400)
// rather than be ignored by a mutation.
export const ZSetReadinessRequest = z.strictObject({
  ready: z.boolean().describe('true: accept new sessions. false: Non-Ready; existing sessions run to their end.'),
});
export type SetReadinessRequest = z.infer<typeof ZSetReadinessRequest>;

export const ZEndSessionsRequest = z.strictObject({});
export const ZEndSessionsResponse = z.object({ ended: ZCount.describe('Sessions that were open and are now ended.') });
export type EndSessionsResponse = z.infer<typeof ZEndSessionsResponse>;

/** A new backend session the Controller places on the least-loaded Ready backend. */
export const ZPlaceSessionRequest = z.strictObject({
  protocol: ZSessionProtocol,
  account: z.string().min(1).max(320),
  durationMs: z
    .number()
    .int()
    .min(1)
    .max(24 * 3600 * 1000),
});
export type PlaceSessionRequest = z.infer<typeof ZPlaceSessionRequest>;
export const ZPlaceSessionResponse = z.object({
  sessions: ZCount.describe('Open sessions on the node, this one included.'),
});
export type PlaceSessionResponse = z.infer<typeof ZPlaceSessionResponse>;

/** What the node listens on, with the address each listener is bound to (GET /v1/ports). */
export const ZPortListener = ZListener.extend({
  host: z.string().min(1).describe('Bound address as configured, e.g. 0.0.0.0 or 10.0.0.5.'),
});
export type PortListener = z.infer<typeof ZPortListener>;
export const ZPortsResponse = z.object({ listeners: z.array(ZPortListener) });
export type PortsResponse = z.infer<typeof ZPortsResponse>;

/** An IPv4/IPv6 literal or a host name; see validateHost for what is refused. */
export const ZHost = z
  .string()
  .min(1)
  .max(MAX_HOST_LENGTH + 2)
  .refine((h) => validateHost(h) === null, { error: (iss) => validateHost(String(iss.input)) ?? 'Invalid host' })
  .describe('IPv4 or IPv6 address (brackets optional) or host name; compared case-insensitively, never resolved.');

export const MAX_CLUSTER_MEMBERS = 2000;
export const ZClusterMember = z.strictObject({
  name: z.string().min(1).max(128),
  host: ZHost,
});
export type ClusterMember = z.infer<typeof ZClusterMember>;
export const ZSetClusterMembersRequest = z.strictObject({
  members: z
    .array(ZClusterMember)
    .max(MAX_CLUSTER_MEMBERS)
    .describe('Every registered cluster node; replaces the previous list.'),
});
export type SetClusterMembersRequest = z.infer<typeof ZSetClusterMembersRequest>;
export const ZSetClusterMembersResponse = z.object({ members: ZCount.describe('Members now registered.') });
export type SetClusterMembersResponse = z.infer<typeof ZSetClusterMembersResponse>;

export const PROBE_DEFAULT_TIMEOUT_MS = 1000;
/** A TCP connect from this node to a cluster member, closed as soon as it succeeds. */
export const ZProbeRequest = z.strictObject({
  host: ZHost.describe('A registered cluster member or --peers host; anything else is refused (403).'),
  port: z.number().int().min(1).max(65535),
  timeoutMs: z
    .number()
    .int()
    .min(50)
    .max(5000)
    .optional()
    .describe(`Connect timeout, name lookup included; default ${PROBE_DEFAULT_TIMEOUT_MS}.`),
});
export type ProbeRequest = z.infer<typeof ZProbeRequest>;
export const ZProbeResult = z.object({
  ok: z.boolean().describe('The TCP connection was established.'),
  ms: z.number().nonnegative().describe('Time until connected or failed.'),
  error: z.string().optional().describe('Why it failed, e.g. "connection refused", "timed out after 1000 ms".'),
});
export type ProbeResult = z.infer<typeof ZProbeResult>;

export const ZHealth = z.object({ ok: z.literal(true) });
export type Health = z.infer<typeof ZHealth>;

export const ZErrorBody = z.object({
  error: z.object({
    /** Machine-readable, e.g. 'unauthorized', 'not-found', 'method-not-allowed'. */
    code: z.string().min(1),
    message: z.string(),
  }),
});
export type ErrorBody = z.infer<typeof ZErrorBody>;

/** Prometheus text exposition; documented as a plain string. */
export const ZMetricsText = z.string();

/** The OpenAPI document itself is served untyped (any JSON object). */
export const ZOpenApiDocument = z.record(z.string(), z.unknown());
