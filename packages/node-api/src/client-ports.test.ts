// The typed client's port-check calls (ports, setMembers, probe) against a
// scripted node: request shapes, validation and how refusals surface.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeClient, NodeApiError } from './client';

const TOKEN = 'test-token';
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

type Seen = { method: string; url: string; body: string };

/** A node that answers every request with `reply(request)` after `delayMs`. */
async function node(reply: (seen: Seen) => [number, unknown], delayMs = 0) {
  const seen: Seen[] = [];
  const handler: RequestListener = (req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', body };
      seen.push(request);
      const [status, json] = reply(request);
      setTimeout(
        () => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json)),
        delayMs,
      );
    });
  };
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, client: createNodeClient({ baseUrl: url, token: TOKEN, timeoutMs: 300 }) };
}

const refusal = (code: string, message: string) => ({ error: { code, message } });

async function failure(p: Promise<unknown>): Promise<NodeApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NodeApiError);
  return err as NodeApiError;
}

describe('port-check client calls', () => {
  it('ports() validates the listeners', async () => {
    const listeners = [{ protocol: 'imap', port: 143, open: false, host: '0.0.0.0' }];
    const { client, seen } = await node(() => [200, { listeners }]);
    expect(await client.ports()).toEqual({ listeners });
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/v1/ports' });

    const liar = await node(() => [200, { listeners: [{ ...listeners[0], host: undefined }] }]);
    expect((await failure(liar.client.ports())).message).toMatch(/unexpected body: listeners\.0\.host/);
  });

  it('setMembers() PUTs the list and probe() POSTs the target', async () => {
    const { client, seen } = await node(({ url }) =>
      url === '/v1/probe' ? [200, { ok: false, ms: 0.4, error: 'connection refused' }] : [200, { members: 2 }],
    );
    const members = [
      { name: 'b1', host: '10.0.0.5' },
      { name: 'b2', host: 'b2.example' },
    ];
    expect(await client.setMembers(members)).toEqual({ members: 2 });
    expect(await client.probe({ host: '10.0.0.5', port: 24, timeoutMs: 200 })).toEqual({
      ok: false,
      ms: 0.4,
      error: 'connection refused',
    });
    expect(seen).toEqual([
      { method: 'PUT', url: '/v1/cluster/members', body: JSON.stringify({ members }) },
      { method: 'POST', url: '/v1/probe', body: '{"host":"10.0.0.5","port":24,"timeoutMs":200}' },
    ]);
  });

  it('probe() waits for the node to spend its connect timeout', async () => {
    // The client budget is 300 ms, the node answers after 400 ms: fine for a 200 ms probe.
    const { client } = await node(() => [200, { ok: false, ms: 200, error: 'timed out after 200 ms' }], 400);
    expect((await client.probe({ host: 'b1', port: 25, timeoutMs: 200 })).error).toBe('timed out after 200 ms');
    const err = await failure(client.ports());
    expect(err).toMatchObject({ kind: 'timeout', message: expect.stringContaining('within 300 ms') });
  });

  it('a refused target is not a token problem; the node error code is kept', async () => {
    const { client, url } = await node(() => [403, refusal('not-a-cluster-node', '10.9.9.9 is not a registered node')]);
    const err = await failure(client.probe({ host: '10.9.9.9', port: 22 }));
    expect(err).toMatchObject({ kind: 'http', status: 403, code: 'not-a-cluster-node' });
    expect(err.message).toBe(`Node at ${url} refused /v1/probe: 10.9.9.9 is not a registered node`);

    const limited = await node(() => [429, refusal('rate-limited', 'Too many probes')]);
    const tooMany = await failure(limited.client.probe({ host: 'b1', port: 25 }));
    expect(tooMany).toMatchObject({ kind: 'http', status: 429, code: 'rate-limited' });
    expect(tooMany.message).toMatch(/with HTTP 429: Too many probes$/);

    // Any other 403 still reads as an access problem.
    const forbidden = await node(() => [403, refusal('forbidden', 'no')]);
    expect(await failure(forbidden.client.ports())).toMatchObject({ kind: 'unauthorized', code: 'forbidden' });
  });
});
