import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createNodeClient, NodeApiError } from '@cc/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from './fleet';
import { parseFleetCli } from './fleet-cli';
import { tempDir, waitFor } from './test-helpers';

const fleets: Fleet[] = [];
afterEach(async () => {
  await Promise.all(fleets.splice(0).map((f) => f.close()));
});

async function fleet(options: Parameters<typeof startFleet>[0]): Promise<Fleet> {
  const f = await startFleet(options);
  fleets.push(f);
  return f;
}

const refused = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(url);
    const s = connect(Number(port), hostname);
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });

describe('fleet: many nodes in one process', () => {
  it('starts each node on its own loopback port with its own identity, token and role', async () => {
    const dataDir = await tempDir();
    const f = await fleet({ nodes: 6, frontends: 2, dataDir, seed: 7 });
    expect(f.nodes.map((n) => `${n.name}:${n.role}`)).toEqual([
      'fleet-be-0001:backend',
      'fleet-be-0002:backend',
      'fleet-be-0003:backend',
      'fleet-be-0004:backend',
      'fleet-fe-0001:frontend',
      'fleet-fe-0002:frontend',
    ]);
    expect(new Set(f.nodes.map((n) => n.adminUrl)).size).toBe(6);
    expect(new Set(f.nodes.map((n) => n.token)).size).toBe(6);
    for (const n of f.nodes) expect(n.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const infos = await Promise.all(
      f.nodes.map((n) => createNodeClient({ baseUrl: n.adminUrl, token: n.token }).info()),
    );
    expect(infos.map((i) => i.id)).toEqual(f.nodes.map((n) => n.id));
    expect(new Set(infos.map((i) => i.id)).size).toBe(6);
    expect(infos.map((i) => i.name)).toEqual(f.nodes.map((n) => n.name));
    // Each identity lives in the node's own data dir.
    const identity = JSON.parse(await readFile(join(dataDir, 'fleet-be-0001', 'node.json'), 'utf8')) as { id: string };
    expect(identity.id).toBe(f.nodes[0]!.id);

    const statuses = await Promise.all(
      f.nodes.map((n) => createNodeClient({ baseUrl: n.adminUrl, token: n.token }).status()),
    );
    for (const s of statuses) {
      expect(s.readiness).toBe('ready');
      expect(s.load.sessions.imap).toBeGreaterThan(0);
    }
    // Frontends report their client services without opening real ports.
    expect(statuses[4]!.listeners.find((l) => l.protocol === 'imap')).toEqual({
      protocol: 'imap',
      port: 143,
      open: true,
    });
    // A node accepts only its own token.
    const wrong = createNodeClient({ baseUrl: f.nodes[0]!.adminUrl, token: f.nodes[1]!.token });
    await expect(wrong.status()).rejects.toBeInstanceOf(NodeApiError);
  });

  it('elects a Controller and a Backup in its election group; the other backends stay out', async () => {
    const f = await fleet({ nodes: 5, frontends: 0, electionGroup: 3, dataDir: await tempDir() });
    // The nodes are asked one after the other, not at one instant: while the election settles one of
    // them may still report the Backup role another has just taken. What counts is where it settles.
    const roles = await waitFor(
      async () => {
        const all = await Promise.all(
          f.nodes.map((n) => createNodeClient({ baseUrl: n.adminUrl, token: n.token }).status()),
        );
        const r = all.map((s) => s.clusterRole);
        return [...r.slice(0, 3)].sort().join() === 'backup,controller,member' ? r : undefined;
      },
      10_000,
      'one Controller, one Backup and a member in the election group',
    );
    expect(roles.slice(3)).toEqual(['none', 'none']);
    const outside = await createNodeClient({ baseUrl: f.nodes[4]!.adminUrl, token: f.nodes[4]!.token }).info();
    expect(outside.capabilities).not.toContain('cluster-election');
  });

  it('stops every node, and comes back with the same identities and tokens from its data dir', async () => {
    const dataDir = await tempDir();
    const first = await startFleet({ nodes: 3, dataDir });
    await first.close();
    for (const n of first.nodes) expect(await refused(n.adminUrl)).toBe(true);
    const again = await fleet({ nodes: 3, dataDir });
    expect(again.nodes.map((n) => [n.name, n.id, n.token])).toEqual(first.nodes.map((n) => [n.name, n.id, n.token]));
    expect((await stat(join(dataDir, 'fleet-secret'))).mode & 0o777).toBe(0o600);
  });

  it('refuses impossible sizes', async () => {
    const dataDir = await tempDir();
    await expect(startFleet({ nodes: 0, dataDir })).rejects.toThrow(/nodes must be/);
    await expect(startFleet({ nodes: 2, frontends: 3, dataDir })).rejects.toThrow(/frontends must be/);
  });
});

describe('fleet command line', () => {
  it('parses its flags with defaults', () => {
    expect(parseFleetCli(['--nodes', '1000'])).toEqual({
      help: false,
      options: { nodes: 1000, dataDir: '.data/fleet', prefix: 'fleet' },
      nodesFile: '.data/fleet/nodes.json',
      verbose: false,
    });
    const all = parseFleetCli([
      '--nodes=10',
      '--frontends=4',
      '--data-dir=/tmp/f',
      '--nodes-file=/tmp/n.json',
      '--prefix=bench',
      '--election-group=0',
      '--base-port=30000',
      '--mean-session-ms=2000',
      '--scale=0.5',
      '--seed=3',
      '--report-every-ms=5000',
      '--verbose',
    ]);
    expect(all).toEqual({
      help: false,
      options: {
        nodes: 10,
        frontends: 4,
        dataDir: '/tmp/f',
        prefix: 'bench',
        electionGroup: 0,
        basePort: 30000,
        meanSessionMs: 2000,
        scale: 0.5,
        seed: 3,
      },
      nodesFile: '/tmp/n.json',
      reportEveryMs: 5000,
      verbose: true,
    });
    expect(parseFleetCli(['--help'])).toEqual({ help: true });
  });

  it('explains bad flags', () => {
    expect(() => parseFleetCli([])).toThrow('--nodes is required');
    expect(() => parseFleetCli(['--nodes', 'many'])).toThrow('--nodes must be a whole number');
    expect(() => parseFleetCli(['--nodes', '3', '--prefix', 'Bad Name'])).toThrow('--prefix must be');
    expect(() => parseFleetCli(['--nodes', '3', '--scale', 'x'])).toThrow('--scale must be a number');
    expect(() => parseFleetCli(['--nodes', '3', '--bogus'])).toThrow();
  });

  it('runs as a process: one listening line, a 0600 registration file, a clean exit on SIGTERM', async () => {
    const dir = await tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/fleet-main.ts', '--nodes=3', `--data-dir=${dir}`], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const [line] = (await Promise.race([
        once(createInterface({ input: child.stdout }), 'line'),
        once(child, 'exit').then(() => Promise.reject(new Error(`fleet exited early: ${stderr}`))),
      ])) as [string];
      const listening = JSON.parse(line) as { event: string; nodes: number; nodesFile: string; pid: number };
      expect(listening).toMatchObject({ event: 'listening', nodes: 3, frontends: 1, backends: 2, pid: child.pid });
      expect((await stat(listening.nodesFile)).mode & 0o777).toBe(0o600);
      const nodes = JSON.parse(await readFile(listening.nodesFile, 'utf8')) as Array<Record<string, string>>;
      expect(nodes.map((n) => n.role)).toEqual(['BACKEND', 'BACKEND', 'FRONTEND']);
      const info = await createNodeClient({ baseUrl: nodes[2]!.adminUrl!, token: nodes[2]!.token! }).info();
      expect(info.name).toBe(nodes[2]!.name);

      const exited = once(child, 'exit');
      process.kill(listening.pid, 'SIGTERM');
      expect(((await exited) as [number | null])[0]).toBe(0);
      for (const n of nodes) expect(await refused(n.adminUrl!)).toBe(true);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 20_000);
});
