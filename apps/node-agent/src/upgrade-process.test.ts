// Upgrades of real agent processes: the supervisor (main.ts) restarts its
// worker into the new version on the same ports, with the same identity.
import { once } from 'node:events';
import { connect } from 'node:net';
import { createNodeClient, NodeApiError, type NodeClient, type NodeStatus, type UpgradeStatus } from '@cc/node-api';
import { describe, expect, it } from 'vitest';
import { gone, isAlive, spawnCli, type CliAgent } from './process-helpers';
import { tempDir, TOKEN, waitFor } from './test-helpers';

const client = (a: CliAgent) => createNodeClient({ baseUrl: a.adminUrl, token: TOKEN, timeoutMs: 3000 });
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof NodeApiError ? `${e.status} ${e.code}` : String(e)),
  );
const open = (s: NodeStatus) =>
  s.load.sessions.imap + s.load.sessions.pop + s.load.sessions.smtp + s.load.sessions.http;
/** The agents' own count of sessions that ended neither normally nor by an admin. */
const abnormal = (s: NodeStatus) =>
  s.sessionCounters!.started - s.sessionCounters!.endedNormally - s.sessionCounters!.endedByAdmin - open(s);

/** Polls the upgrade state (through the restart, when the node does not answer) until it is `state` at `version`. */
async function settle(c: NodeClient, state: UpgradeStatus['state'], version: string) {
  const seen: string[] = [];
  const status = await waitFor(
    async () => {
      const s = await c.status();
      if (seen.at(-1) !== s.upgrade?.state) seen.push(`${s.upgrade?.state}`);
      return s.upgrade?.state === state && s.upgrade.version === version ? s : undefined;
    },
    15_000,
    `${state} at ${version}`,
  );
  return { status, upgrade: status.upgrade!, seen };
}

async function stop(a: CliAgent) {
  process.kill(a.pid, 'SIGTERM');
  const [exitCode] = await a.exited;
  expect(exitCode).toBe(0);
  for (const pid of a.workerPids()) expect(isAlive(pid), `worker ${pid}`).toBe(false);
}

describe('upgrading a real agent process', () => {
  it('restarts a drained backend into the new version: same node, same URL and PID, counters carried on', async () => {
    const args = [
      '--role=backend',
      '--name=up-be',
      '--seed=5',
      '--mean-session-ms=400',
      `--data-dir=${await tempDir()}`,
    ];
    const a = await spawnCli(args);
    const c = client(a);
    const before = await c.info();
    expect(before).toMatchObject({ softwareVersion: '1.0.0', capabilities: expect.arrayContaining(['upgrade']) });
    await c.setReadiness(false);
    const drained = await waitFor(
      async () => ((await c.status()).readiness === 'drained' ? c.status() : undefined),
      5000,
      'drained',
    );
    expect(drained.sessionCounters!.started).toBeGreaterThan(0);
    expect(abnormal(drained)).toBe(0);

    expect(await c.upgrade('2.0.0')).toMatchObject({ state: 'upgrading', version: '1.0.0', target: '2.0.0' });
    const { status, upgrade, seen } = await settle(c, 'healthy', '2.0.0');
    expect(seen[0]).toBe('upgrading');
    expect(seen.at(-1)).toBe('healthy');
    expect(upgrade).toMatchObject({ previous: '1.0.0', target: '2.0.0', error: null });
    const after = await c.info();
    expect(after).toMatchObject({ id: before.id, softwareVersion: '2.0.0' });
    expect(after.startedAt > before.startedAt).toBe(true);
    // One supervisor, printed once; a new worker.
    expect(isAlive(a.pid)).toBe(true);
    expect(a.stdoutLines).toHaveLength(1);
    const [w1, w2] = a.workerPids();
    expect(w2).toBeDefined();
    expect(w2).not.toBe(w1);
    expect(isAlive(w1!)).toBe(false);
    // Counters carry on, nothing ended abnormally, and the node stays withdrawn until made Ready.
    expect(status.sessionCounters).toEqual(drained.sessionCounters);
    expect(abnormal(status)).toBe(0);
    expect(status.readiness).toBe('drained');
    expect((await c.setReadiness(true)).readiness).toBe('ready');
    await waitFor(
      async () => ((await c.status()).sessionCounters!.started > drained.sessionCounters!.started ? true : undefined),
      5000,
      'new sessions',
    );
    await stop(a);

    // A later start of the same node (same flags) keeps the upgraded version and starts Ready.
    const again = await spawnCli(args);
    expect((await client(again).info()).softwareVersion).toBe('2.0.0');
    expect(await client(again).status()).toMatchObject({ readiness: 'ready', upgrade: { state: 'healthy' } });
    await stop(again);
  }, 40_000);

  it('refuses a frontend with an open client connection; force cuts it, counted as ended abnormally', async () => {
    const a = await spawnCli(['--role=frontend', '--name=up-fe', '--scale=0', `--data-dir=${await tempDir()}`]);
    const c = client(a);
    const imap = (await c.ports()).listeners.find((l) => l.protocol === 'imap')!.port;
    const socket = connect(imap, '127.0.0.1');
    await once(socket, 'data');
    const closed = once(socket, 'close');

    await c.setReadiness(false);
    const refused = await c.upgrade('2.0.0').catch((e: NodeApiError) => e);
    expect(refused).toMatchObject({ status: 409, code: 'not-drained' });
    expect((refused as Error).message).toMatch(/non-ready, 1 open session\)/);
    expect(await code(c.upgrade('1.0.0', true))).toBe('400 same-version');

    expect((await c.upgrade('2.0.0', true)).state).toBe('upgrading');
    await closed;
    const { status } = await settle(c, 'healthy', '2.0.0');
    expect(status.readiness).toBe('non-ready');
    expect(status.sessionCounters).toEqual({ started: 1, endedNormally: 0, endedByAdmin: 0 });
    expect(abnormal(status)).toBe(1);
    // The same client port, closed until the node is made Ready again.
    expect(status.listeners).toContainEqual({ protocol: 'imap', port: imap, open: false });
    await c.setReadiness(true);
    const again = connect(imap, '127.0.0.1');
    await once(again, 'data');
    again.destroy();
    await stop(a);
  }, 40_000);

  it('a version that fails its health check is failed, refuses Ready, and rolls back', async () => {
    const a = await spawnCli([
      '--role=backend',
      '--name=up-fail',
      '--scale=0',
      '--fail-health-versions=2.0.1, 2.0.2',
      `--data-dir=${await tempDir()}`,
    ]);
    const c = client(a);
    await c.setReadiness(false);
    await c.upgrade('2.0.1');
    const { upgrade } = await settle(c, 'failed', '2.0.1');
    expect(upgrade).toMatchObject({ previous: '1.0.0', error: 'health check failed at version 2.0.1 (test switch)' });
    expect((await c.info()).softwareVersion).toBe('2.0.1');
    expect((await fetch(`${a.adminUrl}/healthz`)).status).toBe(503);
    expect(await code(c.setReadiness(true))).toBe('409 unhealthy');

    expect(await c.rollbackUpgrade()).toMatchObject({ state: 'rolling-back', version: '2.0.1', target: '1.0.0' });
    const back = await settle(c, 'healthy', '1.0.0');
    expect(back.seen[0]).toBe('rolling-back');
    expect(back.upgrade).toMatchObject({ previous: null, target: '1.0.0', error: null });
    expect((await fetch(`${a.adminUrl}/healthz`)).status).toBe(200);
    expect(await code(c.rollbackUpgrade())).toBe('409 nothing-to-roll-back');
    expect((await c.setReadiness(true)).readiness).toBe('ready');
    expect(a.workerPids()).toHaveLength(3);
    expect(new Set(a.workerPids()).size).toBe(3);
    await stop(a);
  }, 40_000);
});

describe('the supervisor', () => {
  it('killed outright (SIGKILL), leaves no worker holding the admin port', async () => {
    const a = await spawnCli(['--role=frontend', '--name=orphan', '--scale=0', `--data-dir=${await tempDir()}`]);
    const [worker] = a.workerPids();
    process.kill(a.pid, 'SIGKILL');
    expect(await gone(worker!, 3000)).toBeLessThan(3000);
    await expect(client(a).info()).rejects.toMatchObject({ kind: 'unreachable' });
    // The port can be bound again, as a launcher restarting the node would.
    const { createServer } = await import('node:net');
    const server = createServer();
    server.listen(Number(new URL(a.adminUrl).port), '127.0.0.1');
    await once(server, 'listening');
    await new Promise((r) => server.close(r));
  });
});
