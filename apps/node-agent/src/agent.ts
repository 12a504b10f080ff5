// One cluster node: identity, driver, election and the admin HTTP server.
// Importable so tests and a multi-node launcher can run many in one process.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import {
  endpoints,
  normalizeAdminUrl,
  PROMETHEUS_CONTENT_TYPE,
  validateAdminUrl,
  type NodeInfo,
  type NodeRole,
  type NodeStatus,
  type SessionProtocol,
} from '@cc/node-api';
import { buildOpenApiDocument } from '@cc/node-api/openapi';
import { accountHandlers } from './account-handlers';
import { alertHandlers } from './alert-handlers';
import { AlertBoard } from './alerts';
import { parseSha256Hex, secretCheck, sha256 } from './auth';
import { Dispatcher } from './cluster/dispatcher';
import { ClusterMembers } from './cluster/members';
import { Membership } from './cluster/membership';
import { configHandlers } from './config-handlers';
import { ConfigStore } from './config-store';
import { createDriver, type DovecotSettings, type NodeDriver } from './drivers';
import { loadOrCreateNodeId } from './identity';
import { renderMetrics } from './metrics';
import { createProber, type ProbeLimit } from './probe';
import { createRouter, HttpError } from './server';

export interface AgentOptions {
  role: NodeRole;
  name: string;
  /** 0 (default) picks a free port. */
  adminPort?: number;
  host?: string;
  /** Admin token; only its SHA-256 is kept. Give this or tokenHash. */
  token?: string;
  /** SHA-256 of the admin token as hex, so the token never reaches this host. */
  tokenHash?: string;
  /** Default: .data/agents/<name> under the working directory. */
  dataDir?: string;
  softwareVersion?: string;
  driver?: string;
  /** Admin URLs of the other nodes. */
  peers?: string[];
  clusterSecret?: string;
  seed?: number;
  /** Frontends: client listener ports (IMAP, POP, SMTP, HTTP); 0 or missing picks a free port. */
  clientPorts?: Partial<Record<SessionProtocol, number>>;
  /** Mean simulated session length; each lasts 0.5-1.5x this, so drains end quickly (demos, tests). */
  meanSessionMs?: number;
  /** Multiplies the simulated arrival rate (default 1); 0 leaves only real client connections. */
  scale?: number;
  /** --driver dovecot: the node's doveadm API, its director's, and the readiness include file. */
  dovecot?: DovecotSettings;
  /** POST /v1/probe attempts allowed per window; default 200 per 10 s. */
  probeLimit?: ProbeLimit;
  /** Election timing; defaults 500 ms poll, 1500 ms until a peer counts as dead. */
  election?: { intervalMs?: number; deadAfterMs?: number };
  /** Structured log sink (the CLI writes JSON lines to stderr). */
  log?: (event: Record<string, unknown>) => void;
}

export interface RunningAgent {
  adminUrl: string;
  id: string;
  name: string;
  role: NodeRole;
  driver: NodeDriver;
  close(): Promise<void>;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export function checkAgentOptions(o: AgentOptions): void {
  if (o.role !== 'frontend' && o.role !== 'backend')
    throw new Error(`role must be "frontend" or "backend", got "${o.role}"`);
  // The name becomes a directory name, so keep it to a safe alphabet.
  if (!NAME_RE.test(o.name))
    throw new Error(`name "${o.name}" must be 1-63 letters, digits, ".", "_" or "-", starting with a letter or digit`);
  if (!o.token && !o.tokenHash) throw new Error('an admin token is required (--token or --token-hash)');
  if (o.token && o.tokenHash) throw new Error('give either --token or --token-hash, not both');
  if (o.tokenHash) parseSha256Hex(o.tokenHash);
  const checkPort = (what: string, port: number) => {
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${what} must be 0-65535, got ${port}`);
  };
  checkPort('admin port', o.adminPort ?? 0);
  for (const [protocol, port] of Object.entries(o.clientPorts ?? {})) {
    if (port === undefined) continue;
    // Simulated backends get their sessions from the Controller, not from clients; a real
    // mail server's backends have client ports of their own to report.
    if (o.role !== 'frontend' && (o.driver ?? 'simulated') === 'simulated')
      throw new Error(`--${protocol}-port is for frontends only`);
    checkPort(`${protocol} port`, port);
  }
  const mean = o.meanSessionMs;
  if (mean !== undefined && (!Number.isInteger(mean) || mean < 1 || mean > 86_400_000))
    throw new Error(`mean session length must be 1-86400000 ms, got ${mean}`);
  if (o.scale !== undefined && !(o.scale >= 0 && o.scale <= 100))
    throw new Error(`scale must be 0-100, got ${o.scale}`);
  for (const peer of o.peers ?? []) {
    const problem = validateAdminUrl(peer);
    if (problem) throw new Error(`peer "${peer}": ${problem}`);
  }
  if ((o.peers?.length ?? 0) > 0 && !o.clusterSecret)
    throw new Error('a cluster secret is required when peers are given (--cluster-secret)');
}

export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  checkAgentOptions(options);
  const { role, name } = options;
  const log = options.log ?? (() => {});
  const dataDir = resolve(options.dataDir ?? `.data/agents/${name}`);
  const admin = secretCheck(options.tokenHash ? parseSha256Hex(options.tokenHash) : sha256(options.token!));
  const cluster = secretCheck(options.clusterSecret ? sha256(options.clusterSecret) : null);
  const startedAt = new Date();
  const id = await loadOrCreateNodeId(dataDir, name);
  const driver = createDriver(options.driver ?? 'simulated', {
    name,
    role,
    softwareVersion: options.softwareVersion ?? '1.0.0',
    seed: options.seed,
    dataDir,
    host: options.host ?? '127.0.0.1',
    clientPorts: options.clientPorts,
    meanSessionMs: options.meanSessionMs,
    scale: options.scale,
    dovecot: options.dovecot,
  });
  const peers = (options.peers ?? []).map(normalizeAdminUrl);
  const members = await ClusterMembers.load(dataDir, peers, (event) => log({ name, ...event }));
  const config = await ConfigStore.load(dataDir, {
    onApply: (snapshot) => driver.applyConfig?.(snapshot),
    log: (event) => log({ name, ...event }),
  });
  // Asks the driver each time, so a driver without openAccounts simply shows nothing.
  const alerts = new AlertBoard({
    alerts: () => config.alerts(),
    openAccounts: () => driver.openAccounts?.() ?? [],
    log: (event) => log({ name, ...event }),
  });
  const probe = createProber({ name, members, limit: options.probeLimit, log: (event) => log({ name, ...event }) });
  const membership = new Membership({
    name,
    role,
    startedAt: startedAt.toISOString(),
    peers,
    clusterSecret: options.clusterSecret,
    ...options.election,
    log: (event) => log({ name, ...event }),
  });
  // In a cluster the Controller places backend sessions; a standalone backend keeps its own arrivals.
  const placement = role === 'backend' ? driver.placement : undefined;
  const dispatcher =
    placement && peers.length > 0
      ? new Dispatcher({
          membership,
          local: placement,
          clusterSecret: options.clusterSecret!,
          log: (event) => log({ name, ...event }),
        })
      : undefined;
  if (dispatcher) placement!.useTierArrivals();

  const unsupported = driver.unsupported?.() ?? [];
  // A mail server with its own placement (Dovecot's director) takes no part in the Controller election.
  const elects = !unsupported.some((u) => u.feature === 'cluster-election');
  const clusterRole = () => (elects ? membership.clusterRole : 'none');
  const info = (): NodeInfo => ({
    apiVersion: 'v1',
    id,
    name,
    role,
    softwareVersion: driver.softwareVersion(),
    startedAt: startedAt.toISOString(),
    capabilities: [
      'metrics',
      'readiness',
      'end-sessions',
      'port-probe',
      'config',
      'alerts',
      ...(role === 'backend' ? ['cluster-election'] : []),
      ...(driver.accountSessions ? ['account-sessions'] : []),
      ...driver.capabilities(),
      // What the driver cannot do is listed with its reason instead.
    ].filter((c) => !unsupported.some((u) => u.feature === c)),
    driver: driver.kind,
    ...(unsupported.length > 0 && { unsupported }),
  });
  let adminPort = 0;
  const status = async (): Promise<NodeStatus> => {
    const d = await driver.status();
    return {
      observedAt: new Date().toISOString(),
      readiness: d.readiness,
      clusterRole: clusterRole(),
      drain: d.drain,
      load: d.load,
      listeners: [...d.listeners, { protocol: 'admin', port: adminPort, open: true }],
      peers: membership.peers(),
      ...(d.sessionCounters && { sessionCounters: d.sessionCounters }),
      config: config.status(),
    };
  };
  // Client listeners bind the same --host as the admin server.
  const bindHost = options.host ?? '127.0.0.1';
  const ports = async () => (await status()).listeners.map((l) => ({ ...l, host: bindHost }));
  const openapi = buildOpenApiDocument();

  const server = createServer(
    createRouter({
      endpoints,
      admin,
      cluster,
      // Room for the largest member list (2000 names and hosts); auth is checked before a body is read.
      maxBodyBytes: 1024 * 1024,
      // A whole configuration: up to 100,000 domains and 1000 accounts with their settings.
      bodyLimits: { applyConfig: 64 * 1024 * 1024 },
      onError: (err, req) => log({ event: 'error', name, url: req.url, message: String((err as Error)?.stack ?? err) }),
      handlers: {
        health: () => ({ json: { ok: true as const } }),
        openapi: () => ({ json: openapi }),
        info: () => ({ json: info() }),
        status: async () => ({ json: await status() }),
        metrics: async () => ({
          text: renderMetrics(info(), await status(), (Date.now() - startedAt.getTime()) / 1000),
          contentType: PROMETHEUS_CONTENT_TYPE,
        }),
        setReadiness: async ({ body }) => {
          const before = (await driver.status()).readiness;
          try {
            await driver.setReady(body.ready);
          } catch (err) {
            throw new HttpError(503, 'readiness-failed', `Could not make ${name} Ready: ${(err as Error).message}`);
          }
          const after = await status();
          if (after.readiness !== before) log({ event: 'readiness', name, from: before, to: after.readiness });
          return { json: after };
        },
        endSessions: async () => {
          const ended = await driver.endSessions();
          log({ event: 'sessions-ended', name, ended });
          return { json: { ended } };
        },
        ports: async () => ({ json: { listeners: await ports() } }),
        setMembers: async ({ body }) => {
          const count = await members.replace(body.members);
          log({ event: 'members-set', name, members: count });
          return { json: { members: count } };
        },
        probe: async ({ body }) => ({ json: await probe(body) }),
        ...configHandlers(config, name, log),
        ...accountHandlers(driver, name, log),
        ...alertHandlers(alerts),
        clusterPlaceSession: ({ body }) => {
          if (!placement)
            throw new HttpError(409, 'not-a-backend', `${name} is a ${role} and takes no placed sessions`);
          if (!placement.place(body)) throw new HttpError(409, 'not-ready', `${name} is not Ready for new sessions`);
          return { json: { sessions: placement.openSessions } };
        },
        clusterHeartbeat: async () => {
          const d = await driver.status();
          const { imap, pop, smtp, http } = d.load.sessions;
          return {
            json: {
              name,
              role,
              clusterRole: clusterRole(),
              startedAt: startedAt.toISOString(),
              alive: true as const,
              readiness: d.readiness,
              // The exact count, not the last tick's figure: the Controller balances on it.
              sessions: placement?.openSessions ?? imap + pop + smtp + http,
            },
          };
        },
      },
    }),
  );
  // Idle keep-alive sockets must not outlive close() by seconds.
  server.keepAliveTimeout = 2000;

  await driver.start();
  try {
    server.listen(options.adminPort ?? 0, options.host ?? '127.0.0.1');
    await once(server, 'listening');
  } catch (err) {
    await driver.stop();
    const e = err as NodeJS.ErrnoException;
    const where = `${options.host ?? '127.0.0.1'}:${options.adminPort ?? 0}`;
    if (e.code === 'EADDRINUSE') throw new Error(`admin port ${where} is already in use`, { cause: err });
    if (e.code === 'EADDRNOTAVAIL') throw new Error(`cannot listen on ${where}: no such local address`, { cause: err });
    throw err;
  }
  const address = server.address() as AddressInfo;
  adminPort = address.port;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const adminUrl = `http://${host}:${adminPort}`;
  // A node outside the election (its mail server places sessions itself) polls no peers.
  if (elects) membership.start();
  dispatcher?.start();
  alerts.start();
  log({ event: 'started', name, role, id, adminUrl, dataDir, driver: driver.kind });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      alerts.stop();
      await dispatcher?.stop();
      await membership.stop();
      await driver.stop();
      // Give in-flight requests a moment, then cut what is left.
      const force = setTimeout(() => server.closeAllConnections(), 1000);
      await closed;
      clearTimeout(force);
      log({ event: 'stopped', name });
    })());

  return { adminUrl, id, name, role, driver, close };
}
