// Typed client for one node's admin API. Every answer is validated against
// the contract; every failure becomes a NodeApiError whose message is written
// for the administrator reading it in the console.
import type { z } from 'zod';
import { normalizeAdminUrl } from './admin-url';
import { endpoints, NOT_A_CLUSTER_NODE, type EndpointSpec } from './endpoints';
import type {
  AccountSessionsResponse,
  AlertsResponse,
  ApplyConfigResponse,
  AppliedConfig,
  ConfigDelta,
  ConfigSnapshot,
  StageAccountsRequest,
  StageAccountsResponse,
} from './config-schemas';
import {
  PROBE_DEFAULT_TIMEOUT_MS,
  ZErrorBody,
  type ClusterMember,
  type EndSessionsResponse,
  type NodeInfo,
  type NodeStatus,
  type PortsResponse,
  type ProbeRequest,
  type ProbeResult,
  type SetClusterMembersResponse,
} from './schemas';
import type { UpgradeStatus } from './upgrade-schemas';
import { CertificateError, sharedNodeFetch, type NodeFetch, type NodeTls } from './node-fetch';

export type NodeApiErrorKind = 'unreachable' | 'timeout' | 'unauthorized' | 'bad-response' | 'http' | 'certificate';

export class NodeApiError extends Error {
  override readonly name = 'NodeApiError';
  readonly kind: NodeApiErrorKind;
  /** HTTP status, when the node answered at all. */
  readonly status?: number;
  /** The node's machine-readable error code (e.g. 'rate-limited'), when it answered with the error shape. */
  readonly code?: string;
  /** The full URL that was requested. */
  readonly url: string;

  constructor(
    kind: NodeApiErrorKind,
    message: string,
    opts: { url: string; status?: number; code?: string; cause?: unknown },
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.kind = kind;
    this.url = opts.url;
    if (opts.status !== undefined) this.status = opts.status;
    if (opts.code !== undefined) this.code = opts.code;
  }
}

export interface NodeClientOptions {
  /** Admin URL of the node, e.g. http://10.0.0.5:4001 (see validateAdminUrl). */
  baseUrl: string;
  /** Admin bearer token. */
  token: string;
  /** Whole-request budget including reading the body. Default 1500 ms. */
  timeoutMs?: number;
  /** https:// only: the pinned certificate fingerprint, or a CA; neither = the system's CAs. */
  tls?: NodeTls;
  /** Must honour `init.tls` for https:// URLs (the default, createNodeFetch, does). */
  fetch?: NodeFetch;
}

export interface NodeClient {
  readonly baseUrl: string;
  info(): Promise<NodeInfo>;
  status(): Promise<NodeStatus>;
  /** Prometheus text exposition. */
  metrics(): Promise<string>;
  /** Make the node Ready (true) or Non-Ready (false); idempotent. Resolves to the status after the change. */
  setReadiness(ready: boolean): Promise<NodeStatus>;
  /** Ends every open session on the node now. */
  endSessions(): Promise<EndSessionsResponse>;
  /** What the node listens on right now, with bound addresses. */
  ports(): Promise<PortsResponse>;
  /** Replaces the node's list of registered cluster nodes (the hosts probe() may target). */
  setMembers(members: ClusterMember[]): Promise<SetClusterMembersResponse>;
  /**
   * A TCP connect from the node to a member host. A failed connect resolves with ok: false; a host the
   * node does not know rejects with status 403 and code 'not-a-cluster-node', too many probes with 429.
   */
  probe(target: ProbeRequest): Promise<ProbeResult>;
  /** Pushes a configuration revision; idempotent by revision. */
  applyConfig(snapshot: ConfigSnapshot): Promise<ApplyConfigResponse>;
  /**
   * Pushes one revision's change on top of `delta.base`; idempotent by revision. Rejects with status 409 and
   * code 'base-mismatch' when the node holds another revision (send the whole snapshot instead).
   */
  applyConfigDelta(delta: ConfigDelta): Promise<ApplyConfigResponse>;
  getConfig(): Promise<AppliedConfig>;
  /** Stages one page of the whole account set for the next revision (409 stage-incomplete: start again). */
  stageAccounts(page: StageAccountsRequest): Promise<StageAccountsResponse>;
  /** Which of these accounts are open on the node (501 when its mail server cannot tell). */
  accountSessions(accounts: string[]): Promise<AccountSessionsResponse>;
  endAccountSessions(account: string): Promise<EndSessionsResponse>;
  /** The alerts the node holds, with how many accounts it has shown each to. */
  alerts(): Promise<AlertsResponse>;
  /**
   * Restarts the node into `version`; resolves with state 'upgrading' before the restart. Rejects with status
   * 409 and code 'not-drained' (unless `force`) or 'upgrade-in-progress', 400 'same-version', 501 'unsupported'.
   * Then poll status().upgrade until it is 'healthy' or 'failed' at that version (the node is briefly unreachable).
   */
  upgrade(version: string, force?: boolean): Promise<UpgradeStatus>;
  /** Restarts the node into UpgradeStatus.previous; 409 'nothing-to-roll-back', 'not-drained' or 'upgrade-in-progress'. */
  rollbackUpgrade(force?: boolean): Promise<UpgradeStatus>;
}

export const DEFAULT_TIMEOUT_MS = 1500;

export function createNodeClient(options: NodeClientOptions): NodeClient {
  const baseUrl = normalizeAdminUrl(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fetchImpl = options.fetch ?? sharedNodeFetch();
  const who = `Node at ${baseUrl}`;

  async function call<S extends z.ZodType>(
    spec: EndpointSpec & { response: { schema: S } },
    body?: unknown,
    budgetMs = timeoutMs,
  ): Promise<z.output<S>> {
    const url = baseUrl + spec.path;
    const signal = AbortSignal.timeout(budgetMs);
    const fail = (
      kind: NodeApiErrorKind,
      message: string,
      extra: { status?: number; code?: string; cause?: unknown } = {},
    ) => new NodeApiError(kind, message, { url, ...extra });

    let res: Response;
    let text: string;
    try {
      res = await fetchImpl(url, {
        method: spec.method,
        headers: {
          authorization: `Bearer ${options.token}`,
          accept: spec.response.contentType,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        // Never follow redirects: the token must only ever go to the URL configured.
        redirect: 'manual',
        signal,
        ...(options.tls && { tls: options.tls }),
      });
      text = await res.text();
    } catch (cause) {
      if (cause instanceof CertificateError) throw fail('certificate', cause.message, { cause, code: cause.code });
      if (signal.aborted) throw fail('timeout', `${who} did not answer within ${budgetMs} ms`, { cause });
      const [kind, message] = describeTransportError(cause, baseUrl);
      throw fail(kind, message, { cause });
    }

    const { status } = res;
    const errorBody = status >= 400 ? parseErrorBody(text) : undefined;
    const code = errorBody?.code;
    if (status === 401) throw fail('unauthorized', `${who} rejected the admin token (401)`, { status, code });
    // A refused probe target is about the target, not about our token.
    if (status === 403 && code === NOT_A_CLUSTER_NODE) {
      throw fail('http', `${who} refused ${spec.path}: ${errorBody?.message}`, { status, code });
    }
    if (status === 403) {
      throw fail('unauthorized', `${who} refused access with this admin token (403)`, { status, code });
    }
    if (status >= 300 && status < 400) {
      const to = res.headers.get('location') ?? 'another address';
      throw fail('http', `${who} redirected ${spec.path} to ${to} (${status}); configure the final admin URL instead`, {
        status,
      });
    }
    if (status === 404) {
      throw fail('http', `${who} has no ${spec.path} endpoint (404); is this the admin port of a cluster node?`, {
        status,
      });
    }
    if (status < 200 || status >= 300) {
      const detail = errorBody ? `: ${errorBody.message}` : text ? `: ${snippet(text)}` : '';
      throw fail('http', `${who} answered ${spec.method} ${spec.path} with HTTP ${status}${detail}`, { status, code });
    }

    const contentType = res.headers.get('content-type') ?? 'no content type';
    const unexpected = (detail: string) =>
      fail('bad-response', `${who} answered with an unexpected body: ${detail}`, { status });
    let value: unknown = text;
    if (spec.response.contentType === 'application/json') {
      const body = safeJson(text);
      if (!body.ok) throw unexpected(`expected JSON but got ${contentType} ${snippet(text)}`);
      value = body.value;
    } else if (!contentType.startsWith('text/plain')) {
      throw unexpected(`expected text/plain but got ${contentType} ${snippet(text)}`);
    }
    const result = spec.response.schema.safeParse(value);
    if (!result.success) throw unexpected(describeIssues(result.error));
    return result.data;
  }

  return {
    baseUrl,
    info: () => call(endpoints.info),
    status: () => call(endpoints.status),
    metrics: () => call(endpoints.metrics),
    setReadiness: (ready) => call(endpoints.setReadiness, { ready }),
    endSessions: () => call(endpoints.endSessions, {}),
    ports: () => call(endpoints.ports),
    setMembers: (members) => call(endpoints.setMembers, { members }),
    // The node may spend the whole connect timeout before it answers.
    probe: (target) => call(endpoints.probe, target, timeoutMs + (target.timeoutMs ?? PROBE_DEFAULT_TIMEOUT_MS)),
    applyConfig: (snapshot) => call(endpoints.applyConfig, snapshot),
    applyConfigDelta: (delta) => call(endpoints.applyConfigDelta, delta),
    getConfig: () => call(endpoints.getConfig),
    stageAccounts: (page) => call(endpoints.stageAccounts, page),
    accountSessions: (accounts) => call(endpoints.accountSessions, { accounts }),
    endAccountSessions: (account) => call(endpoints.endAccountSessions, { account }),
    alerts: () => call(endpoints.alerts),
    upgrade: (version, force) => call(endpoints.upgrade, force === undefined ? { version } : { version, force }),
    rollbackUpgrade: (force) => call(endpoints.rollbackUpgrade, force === undefined ? {} : { force }),
  };
}

function parseErrorBody(text: string): { code: string; message: string } | undefined {
  const body = safeJson(text);
  const parsed = body.ok ? ZErrorBody.safeParse(body.value) : undefined;
  return parsed?.success ? parsed.data.error : undefined;
}

function safeJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty body)';
  return JSON.stringify(flat.length > 80 ? `${flat.slice(0, 80)}…` : flat);
}

function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`);
  const more = error.issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? `; and ${more} more problem(s)` : '');
}

/** Finds the first Node/undici error code in a cause chain (incl. AggregateError). */
function errorCode(err: unknown, depth = 0): { code: string; message: string } | undefined {
  if (typeof err !== 'object' || err === null || depth > 5) return undefined;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string') return { code: e.code, message: String(e.message ?? e.code) };
  for (const inner of [e.cause, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    const found = errorCode(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function describeTransportError(err: unknown, baseUrl: string): [NodeApiErrorKind, string] {
  const who = `Node at ${baseUrl}`;
  const url = new URL(baseUrl);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const found = errorCode(err);
  const code = found?.code ?? '';
  switch (code) {
    case 'ECONNREFUSED':
      return [
        'unreachable',
        `${who} refused the connection (is the node agent running and listening on port ${port}?)`,
      ];
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return ['unreachable', `${who} could not be found: DNS lookup of "${url.hostname}" failed`];
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
      return ['unreachable', `${who} is unreachable: no network route to ${url.hostname}`];
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return ['unreachable', `${who} closed the connection before answering`];
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return ['timeout', `${who} did not accept the connection in time`];
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'ERR_SSL_PACKET_LENGTH_TOO_LONG':
      return ['unreachable', `${who} does not speak TLS on port ${port}; try http:// instead of https://`];
  }
  if (code.startsWith('HPE_')) return ['bad-response', `${who} answered with something that is not HTTP`];
  if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN') {
    return ['certificate', `${who} presented a self-signed certificate that is not pinned; confirm its fingerprint`];
  }
  if (code === 'CERT_HAS_EXPIRED') return ['certificate', `${who} presented an expired certificate`];
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return ['certificate', `${who} presented a certificate that is not for ${url.hostname}`];
  }
  if (/CERT|SELF_SIGNED|TLS|SSL/.test(code)) {
    return ['certificate', `${who} presented a TLS certificate that was not accepted: ${found?.message ?? code}`];
  }
  const detail = found?.message ?? (err instanceof Error ? err.message : String(err));
  return ['unreachable', `Could not reach node at ${baseUrl}: ${detail}`];
}
