// The Controller places the backend tier's sessions: draining a backend moves
// new sessions to the others, a lone Controller keeps serving, and arrivals
// survive the Controller's process dying. Short sessions keep drains brief.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createNodeClient, type ClusterRole, type NodeClient, type NodeStatus } from '@cc/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { agent, CLUSTER_SECRET, freePort, tempDir, TOKEN, waitFor } from '../test-helpers';

// Sessions last 1.5-4.5 s, so a drain ends within ~6 s.
const MEAN_SESSION_MS = 3000;
const total = (s: NodeStatus) => Object.values(s.load.sessions).reduce((a, b) => a + b, 0);
const started = async (c: NodeClient) => (await c.status()).sessionCounters!.started;

async function urls(n: number): Promise<{ ports: number[]; peers: string[] }> {
  const ports = await Promise.all(Array.from({ length: n }, freePort));
  return { ports, peers: ports.map((p) => `http://127.0.0.1:${p}`) };
}

async function backend(name: string, port: number, peers: string[], seed: number) {
  const a = await agent({
    name,
    adminPort: port,
    peers,
    clusterSecret: CLUSTER_SECRET,
    seed,
    meanSessionMs: MEAN_SESSION_MS,
  });
  return createNodeClient({ baseUrl: a.adminUrl, token: TOKEN });
}

const rolesAre = (clients: Record<string, NodeClient>, expected: Record<string, ClusterRole>) => async () => {
  for (const [name, role] of Object.entries(expected)) {
    if ((await clients[name]!.status()).clusterRole !== role) return undefined;
  }
  return true;
};

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill();
});

/** A backend as its own process, so it can die without saying goodbye. */
async function backendProcess(name: string, port: number, peers: string[]): Promise<ChildProcess> {
  const args = ['--role', 'backend', '--name', name, '--admin-port', String(port), '--peers', peers.join(',')];
  args.push('--mean-session-ms', String(MEAN_SESSION_MS), '--data-dir', await tempDir());
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: {
      PATH: process.env.PATH,
      CC_AGENT_TOKEN: TOKEN,
      CC_AGENT_CLUSTER_SECRET: CLUSTER_SECRET,
      CC_AGENT_PLAIN_HTTP: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await Promise.race([
    once(createInterface({ input: child.stdout! }), 'line'),
    once(child, 'exit').then(() => Promise.reject(new Error(`${name} exited early: ${stderr}`))),
  ]);
  return child;
}

describe('controller-directed session placement', () => {
  it('drains a Non-Ready backend while the others take its share, then uses it again once Ready', async () => {
    const { ports, peers } = await urls(3);
    const c: Record<string, NodeClient> = {};
    for (const [i, name] of ['b1', 'b2', 'b3'].entries()) c[name] = await backend(name, ports[i]!, peers, i + 1);
    await waitFor(rolesAre(c, { b1: 'controller', b2: 'backup', b3: 'member' }), 5000, 'roles');
    const b3AtStart = await started(c.b3!);
    await waitFor(
      async () => {
        const s = await c.b3!.status();
        // Enough sessions that they can't all end in the same tick: the countdown must be visible.
        return s.sessionCounters!.started > b3AtStart + 3 && total(s) >= 6 ? true : undefined;
      },
      8000,
      'the Controller to place sessions on b3',
    );

    const [b1Before, b2Before] = [await started(c.b1!), await started(c.b2!)];
    const first = await c.b3!.setReadiness(false);
    expect(first.readiness).toBe('draining');
    const startedAtDrain = first.sessionCounters!.started;
    const samples: NodeStatus[] = [first];
    const last = await waitFor(
      async () => {
        const s = await c.b3!.status();
        samples.push(s);
        return s.readiness === 'drained' ? s : undefined;
      },
      10_000,
      'b3 to drain',
    );
    expect(last.drain).toEqual({ sessionsAtStart: first.drain!.sessionsAtStart, sessionsRemaining: 0 });
    for (const [i, s] of samples.entries()) {
      expect(s.sessionCounters!.started, 'b3 took no new session').toBe(startedAtDrain);
      if (i === 0) continue;
      expect(total(s)).toBeLessThanOrEqual(total(samples[i - 1]!));
      expect(s.drain!.sessionsRemaining).toBeLessThanOrEqual(samples[i - 1]!.drain!.sessionsRemaining);
    }
    // Counted down through intermediate values, not all at once.
    expect(new Set(samples.map((s) => s.drain!.sessionsRemaining)).size).toBeGreaterThan(2);
    expect(await started(c.b1!)).toBeGreaterThan(b1Before);
    expect(await started(c.b2!)).toBeGreaterThan(b2Before);

    expect(await c.b3!.setReadiness(true)).toMatchObject({ readiness: 'ready', drain: null });
    await waitFor(async () => ((await started(c.b3!)) > startedAtDrain ? true : undefined), 4000, 'b3 to get sessions');
  }, 30_000);

  it('keeps a lone Non-Ready Controller serving', async () => {
    const { ports, peers } = await urls(2); // the second port has nobody on it
    const solo = await backend('solo', ports[0]!, peers, 7);
    await waitFor(rolesAre({ solo }, { solo: 'controller' }), 3000, 'controller');
    const drain = await solo.setReadiness(false);
    expect(drain.readiness).toMatch(/^drain/);
    const before = drain.sessionCounters!.started;
    const after = await waitFor(
      async () => {
        const s = await solo.status();
        return s.sessionCounters!.started > before + 2 ? s : undefined;
      },
      4000,
      'sessions on the lone controller',
    );
    expect(total(after)).toBeGreaterThan(0);
    expect(after.readiness).toMatch(/^drain/);
  });

  it('moves arrivals to the new Controller when the Controller process dies', async () => {
    const { ports, peers } = await urls(3);
    const b1 = await backendProcess('b1', ports[0]!, peers);
    const c: Record<string, NodeClient> = {
      b1: createNodeClient({ baseUrl: peers[0]!, token: TOKEN }),
    };
    await waitFor(rolesAre(c, { b1: 'controller' }), 5000, 'b1 to lead');
    c.b2 = await backend('b2', ports[1]!, peers, 2);
    c.b3 = await backend('b3', ports[2]!, peers, 3);
    await waitFor(rolesAre(c, { b1: 'controller', b2: 'backup', b3: 'member' }), 5000, 'roles');

    const killedAt = performance.now();
    b1.kill('SIGKILL');
    await waitFor(rolesAre(c, { b2: 'controller', b3: 'backup' }), 5000, 'fail-over');
    const failoverMs = performance.now() - killedAt;
    expect(failoverMs).toBeLessThan(5000);
    console.info(`controller SIGKILL -> backup is controller: ${failoverMs.toFixed(0)} ms`);

    const [b2At, b3At] = [await started(c.b2), await started(c.b3)];
    await waitFor(
      async () => ((await started(c.b2!)) > b2At && (await started(c.b3!)) > b3At ? true : undefined),
      4000,
      'arrivals on both remaining backends',
    );
    const b3 = await c.b3.status();
    expect(b3.peers).toContainEqual(expect.objectContaining({ name: 'b1', alive: false }));
  }, 30_000);
});
