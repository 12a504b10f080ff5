// One cluster node: identity, driver, election and the admin HTTP server.
// Importable so tests and a multi-node launcher can run many in one process.
import { once } from 'node:events';
import { createServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import {
  endpoints,
  normalizeAdminUrl,
  PROMETHEUS_CONTENT_TYPE,
  type NodeInfo,
  type NodeRole,
  type NodeStatus,
} from '@cc/node-api';
import { buildOpenApiDocument } from '@cc/node-api/openapi';
import { accountHandlers } from './account-handlers';
import { checkAgentOptions, type AgentOptions } from './agent-options';
import { alertHandlers } from './alert-handlers';
import { AlertBoard } from './alerts';
import { parseSha256Hex, secretCheck, sha256 } from './auth';
import { clusterHandlers } from './cluster-handlers';
import { Dispatcher } from './cluster/dispatcher';
import { ClusterMembers } from './cluster/members';
import { Membership } from './cluster/membership';
import { configHandlers } from './config-handlers';
import { ConfigStore } from './config-store';
import { createDriver, type NodeDriver } from './drivers';
import { loadOrCreateNodeId } from './identity';
import { renderMetrics } from './metrics';
import { createProber } from './probe';
import { handOff } from './restart';
import { createRouter, HttpError } from './server';
import { loadAgentTls } from './tls';
import { UpgradeStore } from './upgrade-state';
import { Upgrades } from './upgrades';

export { checkAgentOptions, type AgentOptions } from './agent-options';

export interface RunningAgent {
  adminUrl: string;
  id: string;
  name: string;
  role: NodeRole;
  driver: NodeDriver;
  /** HTTPS only: the SHA-256 fingerprint of the admin API's certificate, for the console to pin. */
  fingerprint256?: string;
  close(): Promise<void>;
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
  const tls = options.tls && (await loadAgentTls(dataDir, name, options.host ?? '127.0.0.1', options.tls));
  const handoff = options.handoff;
  const upgradeStore = await UpgradeStore.load(dataDir, options.softwareVersion ?? '1.0.0', (e) => log({ name, ...e }));
  const driver = createDriver(options.driver ?? 'simulated', {
    name,
    role,
    // The version an upgrade restarted into, else --software-version.
    softwareVersion: upgradeStore.version,
    seed: options.seed,
    dataDir,
    host: options.host ?? '127.0.0.1',
    clientListeners: options.clientListeners,
    clientPorts: handoff?.clientPorts ?? options.clientPorts,
    meanSessionMs: options.meanSessionMs,
    simulateAccountSet: options.simulateAccountSet,
    scale: options.scale,
    dovecot: options.dovecot,
    postfix: options.postfix,
    startReady: !handoff && Upgrades.startsReady(upgradeStore, options.failHealthVersions),
    sessionCounters: handoff?.sessionCounters,
    log: (event) => log({ name, ...event }),
  });
  const peers = (options.peers ?? []).map(normalizeAdminUrl);
  const members = await ClusterMembers.load(dataDir, peers, (event) => log({ name, ...event }));
  const config = await ConfigStore.load(dataDir, {
    onApply: (snapshot, context) => driver.applyConfig?.(snapshot, context),
    log: (event) => log({ name, ...event }),
  });
  // Asks the driver each time, so a driver without openAccounts simply shows nothing.
  const alerts = new AlertBoard({
    alerts: () => config.alerts(),
    openAccounts: () => driver.openAccounts?.() ?? [],
    log: (event) => log({ name, ...event }),
  });
  const upgrades = new Upgrades({
    name,
    store: upgradeStore,
    driver,
    failHealthVersions: options.failHealthVersions,
    restart: options.restart && (async () => options.restart!(await handOff(driver, adminPort, close))),
    log,
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
  // A mail server with its own placement (Dovecot's director) takes no part in the Controller election,
  // nor does a node told so (a fleet's backends beyond its election group).
  const elects = options.elect !== false && !unsupported.some((u) => u.feature === 'cluster-election');
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
      ...(role === 'backend' && elects ? ['cluster-election'] : []),
      ...(driver.accountSessions ? ['account-sessions'] : []),
      ...(upgrades.supported ? ['upgrade'] : []),
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
      ...(d.queue && { queue: d.queue }),
      config: config.status(),
      upgrade: upgrades.status(),
      ...(options.supervisor && { supervisor: options.supervisor }),
    };
  };
  // Client listeners bind the same --host as the admin server.
  const bindHost = options.host ?? '127.0.0.1';
  const ports = async () => (await status()).listeners.map((l) => ({ ...l, host: bindHost }));
  const openapi = buildOpenApiDocument();
  const serveAdmin = (handler: RequestListener) =>
    tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, handler) : createServer(handler);

  const server = serveAdmin(
    createRouter({
      endpoints,
      admin,
      cluster,
      // Room for the largest member list (2000 names and hosts); auth is checked before a body is read.
      maxBodyBytes: 1024 * 1024,
      // A whole configuration: up to 100,000 domains and 1000 accounts with their settings.
      // A page of the staged account set: 5000 accounts with hashes and settings.
      bodyLimits: { applyConfig: 64 * 1024 * 1024, applyConfigDelta: 64 * 1024 * 1024, stageAccounts: 8 * 1024 * 1024 },
      onError: (err, req) => log({ event: 'error', name, url: req.url, message: String((err as Error)?.stack ?? err) }),
      handlers: {
        health: () => upgrades.health(),
        openapi: () => ({ json: openapi }),
        info: () => ({ json: info() }),
        status: async () => ({ json: await status() }),
        metrics: async () => ({
          text: renderMetrics(info(), await status(), (Date.now() - startedAt.getTime()) / 1000),
          contentType: PROMETHEUS_CONTENT_TYPE,
        }),
        setReadiness: async ({ body }) => {
          if (body.ready) upgrades.assertCanBeReady();
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
        ...upgrades.handlers(),
        ...clusterHandlers({ name, role, startedAt: startedAt.toISOString(), driver, placement, clusterRole }),
      },
    }),
  );
  // The console polls every second and its HTTP client lets a connection go 1 s before the timeout
  // this advertises: at 2 s nearly every poll opened a new connection, some racing the server's close
  // ("other side closed"). close() ends idle connections itself, so a longer timeout costs nothing there.
  server.keepAliveTimeout = 10_000;

  await driver.start();
  // The mail server lost what this node applied (e.g. a fresh users dir): report revision 0 so the
  // console sends everything again, rather than a revision the mail server does not have.
  if (config.status().revision > 0 && (await driver.holdsConfig?.()) === false) {
    await config.forget('the mail server holds none of the applied configuration');
  }
  try {
    // After an upgrade restart: the port the previous process had, even if --admin-port 0 picked it.
    server.listen(handoff?.adminPort ?? options.adminPort ?? 0, options.host ?? '127.0.0.1');
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
  const adminUrl = `${tls ? 'https' : 'http'}://${host}:${adminPort}`;
  // A node outside the election (its mail server places sessions itself) polls no peers.
  if (elects) membership.start();
  dispatcher?.start();
  alerts.start();
  upgrades.start();
  const { version } = upgradeStore;
  const fingerprint256 = tls?.fingerprint256;
  log({
    event: 'started',
    name,
    role,
    id,
    adminUrl,
    ...(fingerprint256 && { fingerprint256 }),
    dataDir,
    driver: driver.kind,
    version,
    pid: process.pid,
  });
  if (handoff) log({ event: 'restarted', name, version, cut: handoff.cut, sessionCounters: handoff.sessionCounters });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      alerts.stop();
      upgrades.stop();
      await dispatcher?.stop();
      await membership.stop();
      await driver.stop();
      // Give in-flight requests a moment, then cut what is left.
      const force = setTimeout(() => server.closeAllConnections(), 1000);
      await closed;
      clearTimeout(force);
      log({ event: 'stopped', name });
    })());

  return { adminUrl, id, name, role, driver, ...(fingerprint256 && { fingerprint256 }), close };
}
