// Many lightweight simulated nodes in one process, for scale tests and benchmarks: each is a full
// agent (startAgent: its own admin port on loopback, identity in its own data dir, token, role and
// simulated load), so the console cannot tell them from separate processes. What makes a thousand fit
// on two cores is what they leave out: no real client listeners, no supervisor (upgrades answer 501),
// and only a small election group: heartbeats between every pair of 600 backends would be 720,000
// requests a second, so the other backends stay outside the election and place their own sessions.
// They also talk plain HTTP (a thousand TLS servers and handshakes in one process is a cost the scale
// runs do not measure), registered as the explicit per-node plain-HTTP choice it is.
import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import type { NodeRole } from '@cc/node-api';
import { startAgent, type RunningAgent } from './agent';

export interface FleetOptions {
  /** How many nodes, frontends and backends together. */
  nodes: number;
  /** How many of them are frontends; default a third. */
  frontends?: number;
  /** One sub-directory per node (its identity, configuration); the fleet secret lives here too. */
  dataDir: string;
  /** Node names are `${prefix}-fe-0001`, `${prefix}-be-0001`, ...; default "fleet". */
  prefix?: string;
  /** Backends that elect a Controller and a Backup among themselves (real heartbeats); default 3. */
  electionGroup?: number;
  /** Node i listens on basePort + i; default 0: free ports the system picks. */
  basePort?: number;
  meanSessionMs?: number;
  /** Simulated arrival rate per node (default 1, ~150 open sessions). */
  scale?: number;
  /** Makes every node's simulation reproducible (node i gets seed + i). */
  seed?: number;
  /** Nodes started at once; default 50. */
  startConcurrency?: number;
  log?: (event: Record<string, unknown>) => void;
}

export interface FleetNode {
  name: string;
  role: NodeRole;
  adminUrl: string;
  token: string;
  id: string;
}

export interface Fleet {
  nodes: FleetNode[];
  /** The nodes as scripts/demo-seed.mjs --nodes reads them (roles upper-case). */
  registrationFile(): Array<{
    name: string;
    role: 'FRONTEND' | 'BACKEND';
    adminUrl: string;
    token: string;
    allowPlainHttp: true;
  }>;
  close(): Promise<void>;
}

export const FLEET_SECRET_FILE = 'fleet-secret';
const HOST = '127.0.0.1';

interface Plan {
  name: string;
  role: NodeRole;
  index: number;
  adminPort: number;
  peers: string[];
  elect: boolean;
}

export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const { nodes: count } = options;
  if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new Error(`nodes must be 1-10000, got ${count}`);
  const frontends = options.frontends ?? Math.floor(count / 3);
  if (!Number.isInteger(frontends) || frontends < 0 || frontends > count)
    throw new Error(`frontends must be 0-${count}, got ${frontends}`);
  const prefix = options.prefix ?? 'fleet';
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const secret = await loadOrCreateSecret(dataDir);
  // Derived, not stored: the same name gets the same token after a restart of the fleet.
  const tokenOf = (name: string) => createHmac('sha256', secret).update(name).digest('base64url');
  const clusterSecret = createHmac('sha256', secret).update('cluster').digest('base64url');

  const plans: Plan[] = [];
  const pad = (i: number) => String(i).padStart(4, '0');
  for (let i = 1; i <= count - frontends; i++)
    plans.push({ name: `${prefix}-be-${pad(i)}`, role: 'backend', index: 0, adminPort: 0, peers: [], elect: false });
  for (let i = 1; i <= frontends; i++)
    plans.push({ name: `${prefix}-fe-${pad(i)}`, role: 'frontend', index: 0, adminPort: 0, peers: [], elect: false });
  plans.forEach((p, i) => {
    p.index = i;
    p.adminPort = options.basePort ? options.basePort + i : 0;
  });
  // The election group must know each other's URLs before they start: reserve their ports first.
  const group = plans.filter((p) => p.role === 'backend').slice(0, options.electionGroup ?? 3);
  if (group.length > 1) {
    const ports = options.basePort ? group.map((p) => p.adminPort) : await reservePorts(group.length);
    group.forEach((p, i) => (p.adminPort = ports[i]!));
    for (const p of group) {
      p.elect = true;
      p.peers = group.filter((q) => q !== p).map((q) => `http://${HOST}:${q.adminPort}`);
    }
  } else if (group.length === 1) group[0]!.elect = true;

  const running: RunningAgent[] = [];
  const closeAll = () => Promise.all(running.map((a) => a.close())).then(() => undefined);
  try {
    const batch = options.startConcurrency ?? 50;
    for (let i = 0; i < plans.length; i += batch) {
      const started = await Promise.allSettled(
        plans.slice(i, i + batch).map((p) =>
          startAgent({
            role: p.role,
            name: p.name,
            host: HOST,
            adminPort: p.adminPort,
            token: tokenOf(p.name),
            dataDir: join(dataDir, p.name),
            elect: p.elect,
            ...(p.peers.length > 0 && { peers: p.peers, clusterSecret }),
            clientListeners: false,
            meanSessionMs: options.meanSessionMs,
            scale: options.scale,
            ...(options.seed !== undefined && { seed: options.seed + p.index }),
            log: options.log,
          }),
        ),
      );
      for (const r of started) if (r.status === 'fulfilled') running.push(r.value);
      const failed = started.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
  } catch (err) {
    await closeAll();
    throw err;
  }

  const nodes: FleetNode[] = running.map((a) => ({
    name: a.name,
    role: a.role,
    adminUrl: a.adminUrl,
    token: tokenOf(a.name),
    id: a.id,
  }));
  let closing: Promise<void> | undefined;
  return {
    nodes,
    registrationFile: () =>
      nodes.map((n) => ({
        name: n.name,
        role: n.role === 'frontend' ? ('FRONTEND' as const) : ('BACKEND' as const),
        adminUrl: n.adminUrl,
        token: n.token,
        allowPlainHttp: true as const,
      })),
    close: () => (closing ??= closeAll()),
  };
}

/** 32 random bytes kept in the fleet's data dir (0600): every node's token is derived from it. */
async function loadOrCreateSecret(dataDir: string): Promise<Buffer> {
  const file = join(dataDir, FLEET_SECRET_FILE);
  try {
    const secret = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url');
    if (secret.length >= 32) return secret;
    throw new Error(`${file} is damaged; delete it to give every fleet node a new token`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secret = randomBytes(32);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${secret.toString('base64url')}\n`, { mode: 0o600 });
  await rename(tmp, file);
  return secret;
}

/** Ports free right now, all held at once so they differ, then released for their nodes to bind. */
async function reservePorts(n: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const s = createServer();
      servers.push(s);
      await new Promise<void>((r, reject) => s.once('error', reject).listen(0, HOST, r));
    }
    return servers.map((s) => (s.address() as AddressInfo).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
}
