// Describes every HTTP endpoint of the node admin API once. The OpenAPI
// generator, the typed client and the agent's router all read this table, so
// adding an endpoint here makes the agent's handler map fail to type-check
// until it is served.
import type { z } from 'zod';
import {
  ZAccountSessionsRequest,
  ZAccountSessionsResponse,
  ZAlertsResponse,
  ZApplyConfigResponse,
  ZAppliedConfig,
  ZConfigDelta,
  ZConfigSnapshot,
  ZEndAccountSessionsRequest,
  ZStageAccountsRequest,
  ZStageAccountsResponse,
  CONFIG_BASE_MISMATCH,
  STAGE_INCOMPLETE,
} from './config-schemas';
import {
  ZEndSessionsRequest,
  ZEndSessionsResponse,
  ZHealth,
  ZHeartbeat,
  ZMetricsText,
  ZNodeInfo,
  ZNodeStatus,
  ZOpenApiDocument,
  ZPlaceSessionRequest,
  ZPlaceSessionResponse,
  ZPortsResponse,
  ZProbeRequest,
  ZProbeResult,
  ZSetClusterMembersRequest,
  ZSetClusterMembersResponse,
  ZSetReadinessRequest,
} from './schemas';
import { UPGRADE_ERRORS as E, ZRollbackUpgradeRequest, ZUpgradeRequest, ZUpgradeStatus } from './upgrade-schemas';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH';

/**
 * - `none`: open (health check, the API description).
 * - `bearer`: `Authorization: Bearer <admin token>`; the console's credential.
 * - `cluster`: `x-cluster-secret: <secret>`; node-to-node calls only.
 */
export type EndpointAuth = 'none' | 'bearer' | 'cluster';

export const CLUSTER_SECRET_HEADER = 'x-cluster-secret';
/** POST /v1/probe refused the target: it is not a registered cluster member (nothing was attempted). */
export const NOT_A_CLUSTER_NODE = 'not-a-cluster-node';
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface EndpointSpec {
  method: HttpMethod;
  path: string;
  auth: EndpointAuth;
  operationId: string;
  summary: string;
  /** JSON request body, for mutating endpoints. */
  body?: z.ZodType;
  /** Error statuses specific to this endpoint, with what they mean (documented in OpenAPI). */
  errors?: Readonly<Record<string, string>>;
  response: {
    contentType: 'application/json' | 'text/plain';
    schema: z.ZodType;
  };
}

export const endpoints = {
  health: {
    method: 'GET',
    path: '/healthz',
    auth: 'none',
    operationId: 'getHealth',
    summary: 'Liveness probe; answers as long as the agent process serves HTTP.',
    errors: { '503': `The running version failed its health check after an upgrade (code ${E.unhealthy}).` },
    response: { contentType: 'application/json', schema: ZHealth },
  },
  openapi: {
    method: 'GET',
    path: '/v1/openapi.json',
    auth: 'none',
    operationId: 'getOpenApiDocument',
    summary: 'This API description (OpenAPI 3.1).',
    response: { contentType: 'application/json', schema: ZOpenApiDocument },
  },
  info: {
    method: 'GET',
    path: '/v1/info',
    auth: 'bearer',
    operationId: 'getNodeInfo',
    summary: 'Identity of the node: id, name, role, software version, capabilities.',
    response: { contentType: 'application/json', schema: ZNodeInfo },
  },
  status: {
    method: 'GET',
    path: '/v1/status',
    auth: 'bearer',
    operationId: 'getNodeStatus',
    summary: 'Current readiness, cluster role, load, listeners and peers.',
    response: { contentType: 'application/json', schema: ZNodeStatus },
  },
  metrics: {
    method: 'GET',
    path: '/v1/metrics',
    auth: 'bearer',
    operationId: 'getNodeMetrics',
    summary: 'Load figures in Prometheus text exposition format (version 0.0.4).',
    response: { contentType: 'text/plain', schema: ZMetricsText },
  },
  clusterHeartbeat: {
    method: 'GET',
    path: '/v1/cluster/heartbeat',
    auth: 'cluster',
    operationId: 'getClusterHeartbeat',
    summary: 'Node-to-node liveness and cluster-role announcement for the controller election.',
    response: { contentType: 'application/json', schema: ZHeartbeat },
  },
  setReadiness: {
    method: 'POST',
    path: '/v1/readiness',
    auth: 'bearer',
    operationId: 'setReadiness',
    summary:
      'Make the node Ready or Non-Ready. Non-Ready: a frontend closes its client listeners, a backend takes no ' +
      'new sessions and drains; existing sessions are never cut. Idempotent. Answers the status after the change.',
    body: ZSetReadinessRequest,
    errors: {
      '409':
        `Make Ready refused: the running version failed its health check (code ${E.unhealthy}) or an upgrade ` +
        `is under way (code ${E.inProgress}).`,
    },
    response: { contentType: 'application/json', schema: ZNodeStatus },
  },
  endSessions: {
    method: 'POST',
    path: '/v1/sessions/end',
    auth: 'bearer',
    operationId: 'endSessions',
    summary: 'End every open session on the node now, e.g. when a drain deadline has passed.',
    body: ZEndSessionsRequest,
    response: { contentType: 'application/json', schema: ZEndSessionsResponse },
  },
  clusterPlaceSession: {
    method: 'POST',
    path: '/v1/cluster/sessions',
    auth: 'cluster',
    operationId: 'placeClusterSession',
    summary: 'Node-to-node: the Controller places a new session on this backend.',
    body: ZPlaceSessionRequest,
    errors: { '409': 'The node is not Ready (or not a backend); the Controller tries another backend.' },
    response: { contentType: 'application/json', schema: ZPlaceSessionResponse },
  },
  ports: {
    method: 'GET',
    path: '/v1/ports',
    auth: 'bearer',
    operationId: 'getPorts',
    summary: 'What the node listens on right now: admin and client listeners with their bound address.',
    response: { contentType: 'application/json', schema: ZPortsResponse },
  },
  setMembers: {
    method: 'PUT',
    path: '/v1/cluster/members',
    auth: 'bearer',
    operationId: 'setClusterMembers',
    summary:
      'Tell the node which hosts are registered cluster nodes (the only targets POST /v1/probe accepts, besides ' +
      'its --peers). Replaces the list; kept in the data directory across restarts.',
    body: ZSetClusterMembersRequest,
    response: { contentType: 'application/json', schema: ZSetClusterMembersResponse },
  },
  probe: {
    method: 'POST',
    path: '/v1/probe',
    auth: 'bearer',
    operationId: 'probePort',
    summary:
      'Try a TCP connect from this node to a cluster member and close it at once (connectivity checks). ' +
      'A failed connect is a 200 with ok: false.',
    body: ZProbeRequest,
    errors: {
      '403': `The host is not a registered cluster member or peer (code ${NOT_A_CLUSTER_NODE}); nothing was tried.`,
      '429': 'Too many probes from this node recently (code rate-limited); see Retry-After.',
    },
    response: { contentType: 'application/json', schema: ZProbeResult },
  },
  applyConfig: {
    method: 'PUT',
    path: '/v1/config',
    auth: 'bearer',
    operationId: 'applyConfig',
    summary:
      'Apply a configuration revision (defaults, shared domains, changed accounts). Idempotent by revision: a ' +
      'revision not newer than the applied one changes nothing. Kept in the data directory across restarts.',
    body: ZConfigSnapshot,
    errors: {
      '409': `accountsStaged does not match what was staged for this revision (code ${STAGE_INCOMPLETE}); stage again.`,
      '500':
        'The mail server could not apply it (code apply-failed); the previous revision stays in force and ' +
        'status().config.lastError names this revision and the reason.',
    },
    response: { contentType: 'application/json', schema: ZApplyConfigResponse },
  },
  applyConfigDelta: {
    method: 'PATCH',
    path: '/v1/config',
    auth: 'bearer',
    operationId: 'applyConfigDelta',
    summary:
      "Apply one revision's change on top of the applied revision (base). Idempotent by revision: a revision " +
      'not newer than the applied one changes nothing. The result is the same as PUT /v1/config of the whole ' +
      'revision; a node at another revision than base refuses it and needs the whole snapshot.',
    body: ZConfigDelta,
    errors: {
      '409': `The node holds another revision than base (code ${CONFIG_BASE_MISMATCH}); send the whole snapshot.`,
      '500':
        'The mail server could not apply it (code apply-failed); the previous revision stays in force and ' +
        'status().config.lastError names this revision and the reason.',
    },
    response: { contentType: 'application/json', schema: ZApplyConfigResponse },
  },
  stageAccounts: {
    method: 'PUT',
    path: '/v1/config/accounts',
    auth: 'bearer',
    operationId: 'stageAccounts',
    summary:
      'Stage one page of the whole account set for the next revision (nodes that are fresh or behind). The ' +
      'following PUT /v1/config with accountsReset and accountsStaged applies it atomically. Page 0 starts a ' +
      'new stage; staging for another revision drops the older stage.',
    body: ZStageAccountsRequest,
    errors: { '409': `Pages out of order (code ${STAGE_INCOMPLETE}); restart the staging at page 0.` },
    response: { contentType: 'application/json', schema: ZStageAccountsResponse },
  },
  getConfig: {
    method: 'GET',
    path: '/v1/config',
    auth: 'bearer',
    operationId: 'getConfig',
    summary: 'The configuration revision the node has applied, with its contents.',
    response: { contentType: 'application/json', schema: ZAppliedConfig },
  },
  accountSessions: {
    method: 'POST',
    path: '/v1/accounts/sessions',
    auth: 'bearer',
    operationId: 'getAccountSessions',
    summary: 'Which of these accounts are open on this node, with their sessions per protocol.',
    body: ZAccountSessionsRequest,
    errors: { '501': 'The mail server behind this node cannot list sessions per account (code unsupported).' },
    response: { contentType: 'application/json', schema: ZAccountSessionsResponse },
  },
  endAccountSessions: {
    method: 'POST',
    path: '/v1/accounts/sessions/end',
    auth: 'bearer',
    operationId: 'endAccountSessions',
    summary: "End every session of one account on this node now (the cluster's KILLACCOUNTSESSIONS).",
    body: ZEndAccountSessionsRequest,
    errors: { '501': "The mail server behind this node cannot end one account's sessions (code unsupported)." },
    response: { contentType: 'application/json', schema: ZEndSessionsResponse },
  },
  alerts: {
    method: 'GET',
    path: '/v1/alerts',
    auth: 'bearer',
    operationId: 'getAlerts',
    summary: 'The cluster alerts this node holds, with how many of its open accounts it has shown each one to.',
    response: { contentType: 'application/json', schema: ZAlertsResponse },
  },
  upgrade: {
    method: 'POST',
    path: '/v1/upgrade',
    auth: 'bearer',
    operationId: 'upgradeNode',
    summary:
      'Restart the node into another software version, keeping its data directory, identity and ports. Answers ' +
      'at once with state upgrading; the node then restarts (briefly unreachable), reports upgrading until its ' +
      'health check passes, then healthy (or failed), and stays Non-Ready until made Ready.',
    body: ZUpgradeRequest,
    errors: {
      '400': `The body does not match the schema, or the node already runs that version (code ${E.sameVersion}).`,
      '409':
        `The node is not drained (code ${E.notDrained}: a backend must be drained, a frontend Non-Ready, with no ` +
        `open sessions; force: true cuts them), or an upgrade or rollback is under way (code ${E.inProgress}).`,
      '501': `This node cannot restart itself into another version (code ${E.unsupported}).`,
    },
    response: { contentType: 'application/json', schema: ZUpgradeStatus },
  },
  rollbackUpgrade: {
    method: 'POST',
    path: '/v1/upgrade/rollback',
    auth: 'bearer',
    operationId: 'rollbackUpgrade',
    summary:
      'Restart the node into the version it ran before the latest upgrade (UpgradeStatus.previous), after that ' +
      'upgrade failed or finished. Same course as an upgrade, with state rolling-back; afterwards previous is null.',
    body: ZRollbackUpgradeRequest,
    errors: {
      '409':
        `Nothing to roll back to (code ${E.nothingToRollBack}), the node is not drained (code ${E.notDrained}; ` +
        `force: true cuts its sessions), or an upgrade or rollback is under way (code ${E.inProgress}).`,
      '501': `This node cannot restart itself into another version (code ${E.unsupported}).`,
    },
    response: { contentType: 'application/json', schema: ZUpgradeStatus },
  },
} as const satisfies Record<string, EndpointSpec>;

export type EndpointName = keyof typeof endpoints;
export type Endpoints = Record<string, EndpointSpec>;
