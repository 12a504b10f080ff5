// POST /v1/probe: a TCP connect from this node, for the console's connectivity
// matrix. It must not turn the node into a port scanner for whoever holds the
// admin token, so targets are limited to registered cluster members and the
// rate of attempts is capped; both checks happen before any socket is opened.
import { connect as netConnect, type NetConnectOpts, type Socket } from 'node:net';
import {
  normalizeHost,
  NOT_A_CLUSTER_NODE,
  PROBE_DEFAULT_TIMEOUT_MS,
  type ProbeRequest,
  type ProbeResult,
} from '@cc/node-api';
import type { ClusterMembers } from './cluster/members';
import { HttpError } from './server';

export interface ProbeLimit {
  max: number;
  windowMs: number;
}
export const DEFAULT_PROBE_LIMIT: ProbeLimit = { max: 200, windowMs: 10_000 };

type Connect = (options: NetConnectOpts) => Socket;

/** Connects, then closes at once; a failure is a result, not an exception. */
export function probeTcp(
  target: { host: string; port: number; timeoutMs: number },
  connect: Connect = netConnect,
): Promise<ProbeResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host: target.host, port: target.port });
    const finish = (error?: string) => {
      clearTimeout(timer);
      socket.destroy();
      const ms = Math.round((performance.now() - started) * 10) / 10;
      resolve(error === undefined ? { ok: true, ms } : { ok: false, ms, error });
    };
    // Covers the name lookup too, which the socket's own timeout would not.
    const timer = setTimeout(() => finish(`timed out after ${target.timeoutMs} ms`), target.timeoutMs);
    socket.once('connect', () => finish());
    // `on`, not `once`: a late second error must not become an uncaught exception.
    socket.on('error', (err) => finish(describeConnectError(err)));
  });
}

/** Short words an administrator reads in the matrix cell. */
export function describeConnectError(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; errors?: unknown };
  // Trying several addresses of one name fails with an AggregateError.
  const inner = Array.isArray(e.errors) ? (e.errors as unknown[]).at(-1) : undefined;
  const code = typeof e.code === 'string' ? e.code : (inner as { code?: unknown } | undefined)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'EHOSTUNREACH':
    case 'EHOSTDOWN':
      return 'host unreachable';
    case 'ENETUNREACH':
      return 'network unreachable';
    case 'ENOTFOUND':
    case 'EAI_NODATA':
    case 'EAI_NONAME':
      return 'host name not found';
    case 'EAI_AGAIN':
      return 'host name lookup failed (temporary DNS error)';
    case 'ECONNRESET':
      return 'connection reset';
    case 'ETIMEDOUT':
      return 'timed out';
    case 'EACCES':
    case 'EPERM':
      return 'connection not permitted (local firewall?)';
    case 'EADDRNOTAVAIL':
      return 'address not available';
  }
  if (typeof code === 'string') return code;
  return typeof e.message === 'string' && e.message !== '' ? e.message : 'connection failed';
}

/** Sliding window: at most `max` attempts in any `windowMs`. */
export class RateLimiter {
  private readonly stamps: number[] = [];

  constructor(
    private readonly limit: ProbeLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** 0 when allowed (and counted), otherwise how many ms until the next attempt is. */
  take(): number {
    const t = this.now();
    while (this.stamps.length > 0 && this.stamps[0]! <= t - this.limit.windowMs) this.stamps.shift();
    if (this.stamps.length >= this.limit.max) return this.stamps[0]! + this.limit.windowMs - t;
    this.stamps.push(t);
    return 0;
  }
}

export interface ProberOptions {
  name: string;
  members: ClusterMembers;
  limit?: ProbeLimit | undefined;
  log?: (event: Record<string, unknown>) => void;
  connect?: Connect;
}

/** The probe handler: refuses (403) unknown hosts, then (429) too many attempts, then connects. */
export function createProber(opts: ProberOptions): (request: ProbeRequest) => Promise<ProbeResult> {
  const limit = opts.limit ?? DEFAULT_PROBE_LIMIT;
  const limiter = new RateLimiter(limit);
  return async ({ host, port, timeoutMs = PROBE_DEFAULT_TIMEOUT_MS }) => {
    if (!opts.members.allows(host)) {
      opts.log?.({ event: 'probe-refused', host, port });
      throw new HttpError(
        403,
        NOT_A_CLUSTER_NODE,
        `${host} is not a registered cluster node of ${opts.name}; register it with PUT /v1/cluster/members first`,
      );
    }
    const waitMs = limiter.take();
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new HttpError(
        429,
        'rate-limited',
        `Too many probes: at most ${limit.max} per ${limit.windowMs / 1000} s; try again in ${seconds} s`,
        { 'retry-after': String(seconds) },
      );
    }
    // Connect to the normal form, the very string that matched the member list.
    return probeTcp({ host: normalizeHost(host), port, timeoutMs }, opts.connect);
  };
}
