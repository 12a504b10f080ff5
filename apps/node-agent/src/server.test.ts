// The router with made-up endpoints, so body checks, auth and schema
// enforcement are tested apart from the agent's real handlers.
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ZErrorBody, type Endpoints } from '@cc/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { secretCheck, sha256 } from './auth';
import { createRouter, type Handlers } from './server';

const testEndpoints = {
  readiness: {
    method: 'POST',
    path: '/v1/readiness',
    auth: 'bearer',
    operationId: 'setReadiness',
    summary: 'test',
    body: z.object({ ready: z.boolean() }),
    response: { contentType: 'application/json', schema: z.object({ readiness: z.enum(['ready', 'draining']) }) },
  },
  readState: {
    method: 'GET',
    path: '/v1/readiness',
    auth: 'bearer',
    operationId: 'getReadiness',
    summary: 'same path, another method',
    response: { contentType: 'application/json', schema: z.object({ readiness: z.enum(['ready', 'draining']) }) },
  },
  replace: {
    method: 'PUT',
    path: '/v1/readiness',
    auth: 'bearer',
    operationId: 'replaceReadiness',
    summary: 'same path, with its own body limit',
    body: z.object({ pad: z.string() }),
    response: { contentType: 'application/json', schema: z.object({ readiness: z.enum(['ready', 'draining']) }) },
  },
  broken: {
    method: 'GET',
    path: '/broken',
    auth: 'none',
    operationId: 'broken',
    summary: 'answers outside its schema',
    response: { contentType: 'application/json', schema: z.object({ n: z.number() }) },
  },
} as const satisfies Endpoints;

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  server = undefined;
});

async function start() {
  const calls: unknown[] = [];
  const errors: unknown[] = [];
  const handlers: Handlers<typeof testEndpoints> = {
    readiness: ({ body }) => {
      calls.push(body);
      return { json: { readiness: (body as { ready: boolean }).ready ? 'ready' : 'draining' } };
    },
    readState: () => ({ json: { readiness: 'ready' } }),
    replace: ({ body }) => {
      calls.push(body);
      return { json: { readiness: 'ready' } };
    },
    broken: () => ({ json: { n: 'not a number' } as unknown as { n: number } }),
  };
  server = createServer(
    createRouter({
      endpoints: testEndpoints,
      handlers,
      admin: secretCheck(sha256('tok')),
      cluster: secretCheck(null),
      onError: (e) => errors.push(e),
      maxBodyBytes: 100,
      bodyLimits: { replace: 1000 },
    }),
  );
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = (body: string, token = 'tok') =>
    fetch(`${url}/v1/readiness`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
  return { url, calls, errors, post };
}

describe('createRouter', () => {
  it('validates the body and runs the handler', async () => {
    const { post, calls } = await start();
    const res = await post('{"ready":false}');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ readiness: 'draining' });
    expect(calls).toEqual([{ ready: false }]);
  });

  it('never runs the handler without the right token', async () => {
    const { post, calls, url } = await start();
    expect((await post('{"ready":false}', 'wrong')).status).toBe(401);
    const noAuth = await fetch(`${url}/v1/readiness`, { method: 'POST', body: '{"ready":false}' });
    expect(noAuth.status).toBe(401);
    expect(ZErrorBody.parse(await noAuth.json()).error.message).toMatch(/Missing admin token/);
    expect(calls).toEqual([]);
  });

  it('answers 400 for bad JSON or a body outside the schema, 413 for huge bodies', async () => {
    const { post, calls } = await start();
    const notJson = await post('{ready');
    expect(notJson.status).toBe(400);
    expect(ZErrorBody.parse(await notJson.json()).error.code).toBe('invalid-body');
    const wrongShape = await post('{"ready":"yes"}');
    expect(wrongShape.status).toBe(400);
    expect(ZErrorBody.parse(await wrongShape.json()).error.message).toMatch(/^Invalid request body: ready: /);
    expect((await post(JSON.stringify({ ready: true, pad: 'x'.repeat(200) }))).status).toBe(413);
    expect(calls).toEqual([]);
  });

  it('serves several methods on one path; 405 lists them when none matches', async () => {
    const { url, post, calls } = await start();
    const headers = { authorization: 'Bearer tok', 'content-type': 'application/json' };
    expect(await (await fetch(`${url}/v1/readiness`, { headers })).json()).toEqual({ readiness: 'ready' });
    expect((await post('{"ready":false}')).status).toBe(200);
    const pad = 'x'.repeat(500);
    const put = await fetch(`${url}/v1/readiness`, { method: 'PUT', headers, body: JSON.stringify({ pad }) });
    expect(put.status).toBe(200);
    // The larger limit is the PUT's own; the POST on the same path keeps the general one.
    expect((await post(JSON.stringify({ ready: true, pad }))).status).toBe(413);
    expect(calls).toEqual([{ ready: false }, { pad }]);
    const del = await fetch(`${url}/v1/readiness`, { method: 'DELETE', headers });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('POST, GET, PUT');
    expect((await fetch(`${url}/v1/readiness`, { method: 'GET' })).status).toBe(401);
  });

  it('turns a schema-breaking answer into a 500 instead of sending it', async () => {
    const { url, errors } = await start();
    const res = await fetch(`${url}/broken`);
    expect(res.status).toBe(500);
    expect(ZErrorBody.parse(await res.json()).error.code).toBe('internal');
    expect(errors).toHaveLength(1);
  });

  // A keep-alive client must not find its next request stuck behind the unread rest of a refused body.
  it.each([
    ['413 for an oversize body', 'tok', 'x'.repeat(4 * 1024 * 1024), 413],
    ['401 before reading the body', 'wrong', 'x'.repeat(4 * 1024 * 1024), 401],
    ['400 for a body that is not JSON', 'tok', '{ready', 400],
  ])('answers %s and the next request on a keep-alive client is served at once', async (_what, token, body, code) => {
    const { url } = await start();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, payload?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          `${url}/v1/readiness`,
          { method, agent, headers: { authorization: `Bearer ${token === 'wrong' && payload ? token : 'tok'}` } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    try {
      expect(await send('POST', body)).toBe(code);
      const started = Date.now();
      expect(await send('GET')).toBe(200);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      agent.destroy();
    }
  });
});
