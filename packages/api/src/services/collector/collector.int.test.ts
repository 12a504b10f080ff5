import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { NodeStatus } from '@cc/node-api';
import { sampleInfo, sampleStatus } from '@cc/node-api/test-samples';

import { collectOnce, createTestDeps } from '../../../test/db';
import { Collector } from './collector';

const status: NodeStatus = { ...sampleStatus, readiness: 'ready', drain: null };

/** An admin API that answers every request after `delayMs`, or never when `hang` is set. */
function slowNode(delayMs: number, hang = false) {
  const server = http.createServer((req, res) => {
    if (hang) return;
    setTimeout(() => {
      const body = req.url === '/v1/info' ? sampleInfo : req.url === '/v1/status' ? status : null;
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? { error: { code: 'not_found', message: 'no' } }));
    }, delayMs);
  });
  return new Promise<{ url: string; close: () => void }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const close = () => {
        server.closeAllConnections();
        server.close();
      };
      resolve({ url: `http://127.0.0.1:${port}`, close });
    });
  });
}

describe('collector: a one-off round waits for every node', () => {
  let deps: Awaited<ReturnType<typeof createTestDeps>>;
  const servers: Array<{ close: () => void }> = [];
  beforeAll(async () => {
    deps = await createTestDeps();
  });
  afterAll(async () => {
    servers.forEach((s) => s.close());
    await deps?.dispose();
  });

  async function register(name: string, delayMs: number, hang = false) {
    const node = await slowNode(delayMs, hang);
    servers.push(node);
    const { id } = await deps.db.prisma.node.create({
      data: { name, role: 'BACKEND', adminUrl: node.url, tokenEnc: deps.secrets.seal('token-0123456789') },
    });
    return id;
  }

  it('stores the report of a node that takes half a second per request', async () => {
    const id = await register('slow-1', 500);
    await collectOnce(deps);
    const row = await deps.db.prisma.nodeStatus.findUniqueOrThrow({ where: { nodeId: id } });
    expect(row.lastError).toBeNull();
    expect(row).toMatchObject({ readiness: 'ready', sessionsImap: 12, accountsOpen: 15, softwareVersion: '1.0.0' });
    // Disk travels too: the health rules' disk threshold reads it.
    expect(row).toMatchObject({ diskUsedBytes: 64_424_509_440, diskTotalBytes: 107_374_182_400 });
  });

  it('settles when a node never answers: the poll times out and is recorded as a failure', async () => {
    const id = await register('hung-1', 0, true);
    const collector = new Collector({ db: deps.db, secrets: deps.secrets, timeoutMs: 400 });
    const started = Date.now();
    await collector.tick();
    await collector.settled();
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    await collector.flush();
    const row = await deps.db.prisma.nodeStatus.findUniqueOrThrow({ where: { nodeId: id } });
    expect(row.lastError).toMatch(/did not answer within 400 ms/);
  });
});
