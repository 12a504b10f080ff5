// Three real backends in one process, talking over HTTP on 127.0.0.1.
import { createNodeClient, type ClusterRole } from '@cc/node-api';
import { describe, expect, it } from 'vitest';
import { agent, CLUSTER_SECRET, freePort, TOKEN, waitFor } from '../test-helpers';

describe('controller election across three backends', () => {
  it('elects one controller, one backup, one member and fails over within 5 s', async () => {
    const names = ['b1', 'b2', 'b3'];
    const ports = await Promise.all(names.map(freePort));
    // Every node gets the full list, itself included, as a launcher would.
    const peers = ports.map((p) => `http://127.0.0.1:${p}`);
    const nodes = [];
    const events: Array<Record<string, unknown>> = [];
    for (const [i, name] of names.entries()) {
      const log = (e: Record<string, unknown>) => events.push(e);
      nodes.push(await agent({ name, adminPort: ports[i], peers, clusterSecret: CLUSTER_SECRET, seed: i, log }));
    }
    const clients = new Map(nodes.map((n) => [n.name, createNodeClient({ baseUrl: n.adminUrl, token: TOKEN })]));
    const rolesOf = async (which: string[]) => {
      const entries = await Promise.all(
        which.map(async (n) => [n, (await clients.get(n)!.status()).clusterRole] as const),
      );
      return Object.fromEntries(entries) as Record<string, ClusterRole>;
    };
    const settled = (expected: Record<string, ClusterRole>) => async () => {
      const roles = await rolesOf(Object.keys(expected));
      return JSON.stringify(roles) === JSON.stringify(expected) ? roles : undefined;
    };

    // Started in order: b1 found nobody, b2 found a controller, b3 found both.
    await waitFor(settled({ b1: 'controller', b2: 'backup', b3: 'member' }), 5000, 'initial roles');
    // b2 may not have polled b3 since b3 came up; give it a round.
    const peersSeen = await waitFor(
      async () => {
        const { peers } = await clients.get('b2')!.status();
        return peers.every((p) => p.alive) ? peers : undefined;
      },
      2000,
      'b2 to see both peers',
    );
    expect(peersSeen).toEqual(
      expect.arrayContaining([
        { name: 'b1', clusterRole: 'controller', alive: true },
        { name: 'b3', clusterRole: 'member', alive: true },
      ]),
    );
    expect(peersSeen).toHaveLength(2); // itself is recognised and left out

    const killedAt = Date.now();
    await nodes[0]!.close();
    await waitFor(settled({ b2: 'controller', b3: 'backup' }), 5000, 'fail-over');
    expect(Date.now() - killedAt).toBeLessThan(5000);
    const after = await clients.get('b3')!.status();
    expect(after.peers).toContainEqual({ name: 'b1', clusterRole: 'controller', alive: false });
    // The operator's log tells the story.
    expect(events).toContainEqual(
      expect.objectContaining({ event: 'cluster-role', name: 'b2', from: 'backup', to: 'controller' }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ event: 'peer-down', name: 'b3', peer: 'b1', reason: expect.stringMatching(/^ECONN/) }),
    );

    // Stays put: no flapping over the next rounds.
    await new Promise((r) => setTimeout(r, 1200));
    expect(await rolesOf(['b2', 'b3'])).toEqual({ b2: 'controller', b3: 'backup' });
  }, 20_000);

  it('does not mistake a namesake for itself', async () => {
    const [p1, p2] = await Promise.all([freePort(), freePort()]);
    const peers = [`http://127.0.0.1:${p1}`, `http://127.0.0.1:${p2}`];
    const events: Array<Record<string, unknown>> = [];
    const log = (e: Record<string, unknown>) => events.push(e);
    await agent({ name: 'dup', adminPort: p1, peers, clusterSecret: CLUSTER_SECRET, log });
    const second = await agent({ name: 'dup', adminPort: p2, peers, clusterSecret: CLUSTER_SECRET, log });
    await waitFor(
      async () => events.find((e) => e.event === 'peer-down' && String(e.reason).includes('also calls itself "dup"')),
      3000,
      'the duplicate name to be reported',
    );
    const { peers: seen } = await createNodeClient({ baseUrl: second.adminUrl, token: TOKEN }).status();
    expect(seen).toEqual([{ name: peers[0], clusterRole: 'none', alive: false }]);
  });
});
