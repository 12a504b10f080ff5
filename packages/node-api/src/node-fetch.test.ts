import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createNodeClient, NodeApiError } from './client';
import { createNodeFetch, NODE_IDLE_MS, sharedNodeFetch } from './node-fetch';

// The collector's and every console-to-node call's transport (sharedNodeFetch).
describe('createNodeFetch', () => {
  let server: http.Server;
  let base: string;
  const seen: Array<{ method?: string; auth?: string; body: string; socket: number }> = [];
  const sockets = new Map<unknown, number>();
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (!sockets.has(req.socket)) sockets.set(req.socket, sockets.size);
        seen.push({ method: req.method, auth: req.headers.authorization, body, socket: sockets.get(req.socket)! });
        if (req.url === '/slow') return void setTimeout(() => res.end('late'), 500);
        if (req.url === '/moved') return void res.writeHead(302, { location: 'http://elsewhere/' }).end();
        res.writeHead(200, { 'content-type': 'application/json', 'x-two': ['a', 'b'] });
        res.end(JSON.stringify({ path: req.url }));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('answers like fetch: status, headers, text, json; sends method, headers and body', async () => {
    const f = createNodeFetch();
    const res = await f(`${base}/v1/x`, { method: 'POST', headers: { authorization: 'Bearer t' }, body: '{"a":1}' });
    expect(res.status).toBe(200);
    expect(res.ok).toBe(true);
    expect(res.headers.get('Content-Type')).toBe('application/json');
    expect(res.headers.get('x-two')).toBe('a, b');
    expect(res.headers.get('missing')).toBeNull();
    expect(await res.text()).toBe('{"path":"/v1/x"}');
    expect(seen.at(-1)).toMatchObject({ method: 'POST', auth: 'Bearer t', body: '{"a":1}' });
  });

  it('keeps the connection between requests and never follows a redirect', async () => {
    const f = createNodeFetch();
    await f(`${base}/a`);
    await f(`${base}/b`);
    expect(seen.at(-1)!.socket).toBe(seen.at(-2)!.socket);
    const moved = await f(`${base}/moved`);
    expect(moved.status).toBe(302);
    expect(moved.headers.get('location')).toBe('http://elsewhere/');
  });

  it('keeps an idle connection longer than a busy collector round, within the server keep-alive', async () => {
    // At 1.5 s every round of a console that fell behind reconnected to every node.
    server.keepAliveTimeout = 10_000;
    const f = createNodeFetch();
    await f(`${base}/first`);
    await new Promise((r) => setTimeout(r, 2000));
    await f(`${base}/second`);
    expect(seen.at(-1)!.socket).toBe(seen.at(-2)!.socket);
    expect(NODE_IDLE_MS).toBeLessThan(server.keepAliveTimeout);
  });

  it('is one pool per process: the collector and node clients share connections', () => {
    expect(sharedNodeFetch()).toBe(sharedNodeFetch());
  });

  it('works as the node client transport: timeouts and refused connections keep their meaning', async () => {
    const f = createNodeFetch();
    const slow = createNodeClient({ baseUrl: base, token: 't', timeoutMs: 100, fetch: f });
    // /v1/info answers quickly here but with the wrong shape: a bad response, not a transport error.
    await expect(slow.info()).rejects.toMatchObject({ kind: 'bad-response' });
    const timedOut = await createNodeFetch()(`${base}/slow`, { signal: AbortSignal.timeout(50) }).catch(
      (e: unknown) => e,
    );
    expect(timedOut).toBeInstanceOf(Error);
    const closed = http.createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const refused = createNodeClient({ baseUrl: `http://127.0.0.1:${port}`, token: 't', fetch: f });
    const err = await refused.status().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeApiError);
    expect(err).toMatchObject({ kind: 'unreachable' });
  });
});
