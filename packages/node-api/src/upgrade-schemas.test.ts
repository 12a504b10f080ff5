import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeClient } from './client';
import { ZNodeStatus } from './schemas';
import { sampleStatus } from './test-samples';
import { ZRollbackUpgradeRequest, ZUpgradeRequest, ZUpgradeStatus, type UpgradeStatus } from './upgrade-schemas';

const upgrading: UpgradeStatus = {
  state: 'upgrading',
  version: '1.0.0',
  previous: null,
  target: '2.0.0',
  startedAt: '2026-01-02T03:04:05.678Z',
  finishedAt: null,
  error: null,
};

describe('upgrade schemas', () => {
  it('take the upgrade status as an optional part of the node status', () => {
    expect(ZNodeStatus.parse({ ...sampleStatus, upgrade: upgrading }).upgrade).toEqual(upgrading);
    expect(ZNodeStatus.parse(sampleStatus).upgrade).toBeUndefined();
    expect(ZUpgradeStatus.safeParse({ ...upgrading, state: 'paused' }).success).toBe(false);
    expect(ZUpgradeStatus.safeParse({ ...upgrading, startedAt: 'yesterday' }).success).toBe(false);
  });

  it('accept semver-like versions only, and strict bodies', () => {
    for (const version of ['2.0.0', '10.20.30', '2.1.0-rc.1', '2.0.0+build.5', '1.0.0-alpha+001'])
      expect(ZUpgradeRequest.safeParse({ version }).success, version).toBe(true);
    for (const version of ['', '2', '2.0', 'v2.0.0', '2.0.0 ', '2.0.0-', `1.0.${'9'.repeat(61)}`, '../../etc'])
      expect(ZUpgradeRequest.safeParse({ version }).success, version).toBe(false);
    expect(ZUpgradeRequest.parse({ version: '2.0.0', force: true })).toEqual({ version: '2.0.0', force: true });
    expect(ZUpgradeRequest.safeParse({ version: '2.0.0', forced: true }).success).toBe(false);
    expect(ZRollbackUpgradeRequest.parse({})).toEqual({});
    expect(ZRollbackUpgradeRequest.safeParse({ version: '1.0.0' }).success).toBe(false);
  });
});

describe('client upgrade calls', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it('post the version (and force only when given) and validate the answer', async () => {
    const bodies: Array<{ url: string; body: string }> = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        bodies.push({ url: req.url ?? '', body });
        if (req.url === '/v1/upgrade/rollback') {
          res.writeHead(409, { 'content-type': 'application/json' });
          return res.end(JSON.stringify({ error: { code: 'nothing-to-roll-back', message: 'never upgraded' } }));
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(upgrading));
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const client = createNodeClient({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      token: 't',
    });
    expect(await client.upgrade('2.0.0')).toEqual(upgrading);
    await client.upgrade('2.0.0', true);
    const err = await client.rollbackUpgrade().catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'http', status: 409, code: 'nothing-to-roll-back' });
    await client.rollbackUpgrade(true).catch(() => undefined);
    expect(bodies).toEqual([
      { url: '/v1/upgrade', body: '{"version":"2.0.0"}' },
      { url: '/v1/upgrade', body: '{"version":"2.0.0","force":true}' },
      { url: '/v1/upgrade/rollback', body: '{}' },
      { url: '/v1/upgrade/rollback', body: '{"force":true}' },
    ]);
  });
});
