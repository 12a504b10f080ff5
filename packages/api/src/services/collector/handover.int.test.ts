import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { NodeStatus } from '@cc/node-api';
import { sampleInfo, sampleStatus } from '@cc/node-api/test-samples';

import { createTestDeps } from '../../../test/db';
import { clusterOverview } from '../nodes/cluster-overview';
import { listNodes } from '../nodes/list-nodes';
import { SecretBox } from '../secrets/secret-box';
import { runCollectorWhenLeader } from './leader';

const status: NodeStatus = { ...sampleStatus, readiness: 'ready', drain: null };

/** A healthy admin API; close() makes it unreachable. */
function healthyNode() {
  const server = http.createServer((req, res) => {
    const body = req.url === '/v1/info' ? sampleInfo : { ...status, observedAt: new Date().toISOString() };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  return new Promise<{ url: string; close: () => void }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => {
          server.closeAllConnections();
          server.close();
        },
      });
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A second "console process" is simulated by a second leadership on the same database: the first one
// stops (its lock is released, as when a process dies) and the other takes over after a gap.
describe('collector hand-over', () => {
  let deps: Awaited<ReturnType<typeof createTestDeps>>;
  const servers: Array<{ close: () => void }> = [];
  const secrets = new SecretBox(randomBytes(32));
  beforeAll(async () => {
    deps = await createTestDeps();
  });
  afterAll(async () => {
    servers.forEach((s) => s.close());
    await deps?.dispose();
  });

  it('never shows healthy nodes Down while a new leader takes over, and keeps a dead node Down', async () => {
    const names: string[] = [];
    for (let i = 1; i <= 6; i++) {
      const node = await healthyNode();
      servers.push(node);
      const name = `handover-${i}`;
      names.push(name);
      await deps.db.prisma.node.create({
        data: { name, role: 'BACKEND', adminUrl: node.url, tokenEnc: secrets.seal('token-0123456789') },
      });
    }
    const opts = { db: deps.db, secrets, intervalMs: 500, timeoutMs: 400, heartbeatMs: 500, retryMs: 200 };
    const first = runCollectorWhenLeader(opts);
    const states = async () => {
      const page = await listNodes(deps.db.prisma, { page: 1, pageSize: 10 });
      return Object.fromEntries(page.items.map((n) => [n.name, n.state]));
    };
    // The first rounds land within a second on a quiet machine; a loaded one (CI) may need longer.
    const until = Date.now() + 15_000;
    while (Object.values(await states()).some((s) => s !== 'ready') && Date.now() < until) await sleep(100);
    expect(Object.values(await states())).toEqual(Array(6).fill('ready'));
    // handover-6 dies, and the first leader sees it Down.
    servers[5]!.close();
    await sleep(3800);
    expect((await states())['handover-6']).toBe('down');

    // The leader dies; nobody collects for 3.5 s (longer than DOWN_AFTER_MS), then another takes over.
    await first.stop();
    const seen: Array<Record<string, string>> = [];
    const overviews: number[] = [];
    const watch = async (ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        seen.push(await states());
        overviews.push((await clusterOverview(deps.db.prisma)).states.down);
        await sleep(50);
      }
    };
    await watch(3500);
    const second = runCollectorWhenLeader(opts);
    try {
      await watch(4000);
      expect(second.isLeader()).toBe(true);
    } finally {
      await second.stop();
    }
    expect(seen.length).toBeGreaterThan(20);
    for (const s of seen) {
      for (const name of names.slice(0, 5)) expect(s[name], `${name} at a read`).toBe('ready');
      expect(s['handover-6']).toBe('down');
    }
    expect(overviews.every((down) => down === 1)).toBe(true);
  });
});
