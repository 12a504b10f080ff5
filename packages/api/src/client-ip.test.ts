import { EventEmitter } from 'node:events';

import { beforeAll, describe, expect, it } from 'vitest';

import { clientIp, installPeerAddressHeader, parseTrustedProxies } from './client-ip';

class FakeServer extends EventEmitter {}
let peerHeader: string;

beforeAll(() => {
  peerHeader = installPeerAddressHeader(FakeServer.prototype);
});

/** The headers a handler sees for a request from `peer` that claims `claimed`. */
function arriving(peer: string | undefined, claimed: Record<string, string> = {}): Headers {
  const req = { headers: { ...claimed } as Record<string, string>, socket: { remoteAddress: peer } };
  new FakeServer().emit('request', req);
  return new Headers(req.headers);
}

describe('clientIp', () => {
  const none = parseTrustedProxies(undefined);
  const proxies = parseTrustedProxies('10.0.0.1, 192.168.0.0/16, fd00::/8');

  it.each([
    [
      'no proxy configured: forged X-Forwarded-For ignored',
      none,
      '203.0.113.9',
      { 'x-forwarded-for': '1.2.3.4' },
      '203.0.113.9',
    ],
    ['no proxy configured: forged X-Real-IP ignored', none, '203.0.113.9', { 'x-real-ip': '1.2.3.4' }, '203.0.113.9'],
    ['IPv4-mapped peer', none, '::ffff:203.0.113.9', {}, '203.0.113.9'],
    ['untrusted peer, proxies configured', proxies, '203.0.113.9', { 'x-forwarded-for': '1.2.3.4' }, '203.0.113.9'],
    [
      'trusted peer: right-most untrusted hop',
      proxies,
      '10.0.0.1',
      { 'x-forwarded-for': '1.2.3.4, 198.51.100.7' },
      '198.51.100.7',
    ],
    [
      'trusted chain skipped',
      proxies,
      '10.0.0.1',
      { 'x-forwarded-for': '1.2.3.4, 198.51.100.7, 192.168.4.4' },
      '198.51.100.7',
    ],
    ['trusted peer without header', proxies, '10.0.0.1', {}, '10.0.0.1'],
    ['trusted peer, garbage hop', proxies, '10.0.0.1', { 'x-forwarded-for': '1.2.3.4, nonsense' }, '10.0.0.1'],
    ['IPv6 proxy range', proxies, 'fd00::5', { 'x-forwarded-for': '2001:db8::1' }, '2001:db8::1'],
  ])('%s', (_name, trusted, peer, claimed, expected) => {
    expect(clientIp(arriving(peer, claimed), trusted)).toBe(expected);
  });

  it('does not take a client-written peer header: the server overwrites it', () => {
    expect(clientIp(arriving('203.0.113.9', { [peerHeader]: '10.0.0.1' }), none)).toBe('203.0.113.9');
    expect(clientIp(arriving(undefined, { [peerHeader]: '10.0.0.1' }), none)).toBeNull();
  });

  it('knows no address when the server did not stamp the request', () => {
    expect(clientIp(new Headers({ 'x-forwarded-for': '1.2.3.4', 'x-real-ip': '1.2.3.4' }), none)).toBeNull();
  });
});

describe('parseTrustedProxies', () => {
  it.each(['10.0.0.0/33', 'example.com', '10.0.0.1/8/2', '::1/129', '10.0.0/8', '10.0.0.1/x'])('refuses %s', (spec) => {
    expect(() => parseTrustedProxies(spec)).toThrow(/not an IP address or CIDR range/);
  });
});
