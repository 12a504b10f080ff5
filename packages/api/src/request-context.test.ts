import { EventEmitter } from 'node:events';

import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { captureLogs, createLogger, type CapturedLogs } from '@cc/log';

import { installPeerAddressHeader } from './client-ip';
import { withRequestContext } from './request-context';

class FakeServer extends EventEmitter {}
beforeAll(() => {
  installPeerAddressHeader(FakeServer.prototype);
  vi.stubEnv('CC_TRUSTED_PROXIES', '10.0.0.1');
});
let captured: CapturedLogs | undefined;
afterEach(() => captured?.restore());

/** A request as a route handler sees it: from `peer`, with the headers it sent. */
function request(peer: string, headers: Record<string, string> = {}): Request {
  const req = { headers: { ...headers }, socket: { remoteAddress: peer } };
  new FakeServer().emit('request', req);
  return new Request('http://127.0.0.1:3000/api/trpc/me.get', { headers: req.headers });
}

describe('withRequestContext', () => {
  it('tags every line logged while handling a request with its id, and returns the id', async () => {
    captured = captureLogs();
    const log = createLogger('reconciler', { level: 'info' });
    const res = await withRequestContext(request('203.0.113.9'), async () => {
      await new Promise((r) => setTimeout(r, 1));
      log.info('inside');
      return new Response('ok');
    });
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(captured.lines).toEqual([expect.objectContaining({ component: 'reconciler', requestId: id })]);
  });

  it('takes X-Request-Id from a trusted proxy only, never from a client', async () => {
    const viaProxy = await withRequestContext(request('10.0.0.1', { 'x-request-id': 'nginx-42' }), async () =>
      Response.redirect('http://127.0.0.1:3000/', 302),
    );
    expect(viaProxy.headers.get('x-request-id')).toBe('nginx-42');
    const forged = await withRequestContext(
      request('203.0.113.9', { 'x-request-id': 'nginx-42' }),
      async () => new Response('ok'),
    );
    expect(forged.headers.get('x-request-id')).not.toBe('nginx-42');
  });
});
