import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeClient, NodeApiError } from './client';
import { sampleInfo, sampleStatus } from './test-samples';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const TOKEN = 'test-token';
/** Requests the honest node below received, with their bodies. */
const received: Array<{ method: string; url: string; contentType?: string; body: string }> = [];
/** A minimal honest node: answers the contract when the token is right. */
const goodNode: RequestListener = (req, res) => {
  if (req.headers.authorization !== `Bearer ${TOKEN}`) {
    res.writeHead(401, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ error: { code: 'unauthorized', message: 'bad token' } }));
  }
  if (req.method === 'POST') {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({ method: 'POST', url: req.url ?? '', contentType: req.headers['content-type'], body });
      const json = req.url === '/v1/readiness' ? { ...sampleStatus, readiness: 'ready', drain: null } : { ended: 3 };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    });
    return;
  }
  if (req.url === '/v1/info')
    return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(sampleInfo));
  if (req.url === '/v1/status')
    return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(sampleStatus));
  if (req.url === '/v1/metrics')
    return res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end('cc_node_ready 1\n');
  res.writeHead(404).end();
};

async function failure(p: Promise<unknown>): Promise<NodeApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NodeApiError);
  return err as NodeApiError;
}

describe('createNodeClient', () => {
  it('returns validated info, status and metrics', async () => {
    const client = createNodeClient({ baseUrl: `${await serve(goodNode)}/`, token: TOKEN });
    expect(await client.info()).toEqual(sampleInfo);
    expect(await client.status()).toEqual(sampleStatus);
    expect(await client.metrics()).toBe('cc_node_ready 1\n');
  });

  it('posts readiness changes and session kicks as JSON', async () => {
    received.length = 0;
    const client = createNodeClient({ baseUrl: await serve(goodNode), token: TOKEN });
    expect(await client.setReadiness(false)).toMatchObject({ readiness: 'ready', drain: null });
    expect(await client.endSessions()).toEqual({ ended: 3 });
    expect(received).toEqual([
      { method: 'POST', url: '/v1/readiness', contentType: 'application/json', body: '{"ready":false}' },
      { method: 'POST', url: '/v1/sessions/end', contentType: 'application/json', body: '{}' },
    ]);
  });

  it('unauthorized and bad-response apply to the mutations too', async () => {
    const url = await serve(goodNode);
    const err = await failure(createNodeClient({ baseUrl: url, token: 'wrong' }).setReadiness(true));
    expect(err).toMatchObject({ kind: 'unauthorized', status: 401 });
    const liar = await serve((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ended: -2 })),
    );
    const bad = await failure(createNodeClient({ baseUrl: liar, token: TOKEN }).endSessions());
    expect(bad.kind).toBe('bad-response');
    expect(bad.message).toMatch(/ended: /);
  });

  it('unreachable: a closed port', async () => {
    const url = await serve(goodNode);
    const s = servers.pop()!;
    await new Promise((r) => s.close(r));
    const err = await failure(createNodeClient({ baseUrl: url, token: TOKEN }).info());
    expect(err.kind).toBe('unreachable');
    expect(err.message).toMatch(`Node at ${url} refused the connection`);
    expect(err.status).toBeUndefined();
  });

  it('timeout: a server that never answers', async () => {
    const url = await serve(() => {});
    const started = Date.now();
    const err = await failure(createNodeClient({ baseUrl: url, token: TOKEN, timeoutMs: 200 }).status());
    expect(err.kind).toBe('timeout');
    expect(err.message).toBe(`Node at ${url} did not answer within 200 ms`);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('timeout: a server that stalls in the middle of the body', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"apiVersion":');
    });
    const err = await failure(createNodeClient({ baseUrl: url, token: TOKEN, timeoutMs: 200 }).info());
    expect(err.kind).toBe('timeout');
  });

  it('unauthorized: wrong token', async () => {
    const url = await serve(goodNode);
    const err = await failure(createNodeClient({ baseUrl: url, token: 'wrong' }).info());
    expect(err).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(err.message).toBe(`Node at ${url} rejected the admin token (401)`);
  });

  it('bad-response: garbage instead of JSON', async () => {
    const url = await serve((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'),
    );
    const err = await failure(createNodeClient({ baseUrl: url, token: TOKEN }).info());
    expect(err.kind).toBe('bad-response');
    expect(err.message).toBe(
      `Node at ${url} answered with an unexpected body: expected JSON but got text/html "<html>hello</html>"`,
    );
  });

  it('bad-response: JSON that breaks the contract names the field', async () => {
    const broken = { ...sampleStatus, load: { ...sampleStatus.load, cpuPercent: 250 } };
    const url = await serve((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(broken)),
    );
    const err = await failure(createNodeClient({ baseUrl: url, token: TOKEN }).status());
    expect(err.kind).toBe('bad-response');
    expect(err.message).toMatch(/unexpected body: load\.cpuPercent: /);
  });

  it('bad-response: metrics that are not Prometheus text', async () => {
    const url = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    const err = await failure(createNodeClient({ baseUrl: url, token: TOKEN }).metrics());
    expect(err.kind).toBe('bad-response');
  });

  it('http: passes on the node error message and status', async () => {
    const url = await serve((_req, res) =>
      res
        .writeHead(503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { code: 'busy', message: 'driver is restarting' } })),
    );
    const err = await failure(createNodeClient({ baseUrl: url, token: TOKEN }).status());
    expect(err).toMatchObject({ kind: 'http', status: 503 });
    expect(err.message).toBe(`Node at ${url} answered GET /v1/status with HTTP 503: driver is restarting`);
  });

  it('http: 404 hints at a wrong URL, redirects are not followed', async () => {
    const url404 = await serve((_req, res) => res.writeHead(404).end());
    const e404 = await failure(createNodeClient({ baseUrl: url404, token: TOKEN }).info());
    expect(e404).toMatchObject({ kind: 'http', status: 404 });
    expect(e404.message).toMatch(/has no \/v1\/info endpoint/);

    const url302 = await serve((_req, res) => res.writeHead(302, { location: 'http://elsewhere.example/' }).end());
    const e302 = await failure(createNodeClient({ baseUrl: url302, token: TOKEN }).info());
    expect(e302).toMatchObject({ kind: 'http', status: 302 });
    expect(e302.message).toMatch(/redirected \/v1\/info to http:\/\/elsewhere\.example\//);
  });

  it('unreachable: the connection is dropped before an answer', async () => {
    const url = await serve((req) => req.socket.destroy());
    const err = await failure(createNodeClient({ baseUrl: url, token: TOKEN }).info());
    expect(err.kind).toBe('unreachable');
    expect(err.message).toBe(`Node at ${url} closed the connection before answering`);
  });

  it('bad-response: something that does not speak HTTP', async () => {
    const sockets: Socket[] = [];
    const tcp = createTcpServer((socket) => {
      sockets.push(socket);
      socket.end('SSH-2.0-OpenSSH_9.6\r\n');
    });
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(tcp.address() as AddressInfo).port}`;
      const err = await failure(createNodeClient({ baseUrl: url, token: TOKEN }).info());
      expect(err.kind).toBe('bad-response');
      expect(err.message).toBe(`Node at ${url} answered with something that is not HTTP`);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => tcp.close(r));
    }
  });

  it('rejects an invalid base URL up front', () => {
    expect(() => createNodeClient({ baseUrl: 'ftp://x', token: TOKEN })).toThrow(TypeError);
  });
});
