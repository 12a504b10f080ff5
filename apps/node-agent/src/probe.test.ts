// The probe's building blocks without an agent: the rate limiter on a fake
// clock, the connect timeout, error wording, and that the prober only ever
// connects to the normal form of a member host.
import { Socket, type NetConnectOpts } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ClusterMembers } from './cluster/members';
import { createProber, DEFAULT_PROBE_LIMIT, describeConnectError, probeTcp, RateLimiter } from './probe';
import { HttpError } from './server';
import { tempDir } from './test-helpers';

/** A socket that never connects: the only way to see a timeout on loopback. */
function stalled() {
  const calls: NetConnectOpts[] = [];
  const sockets: Socket[] = [];
  const connect = (options: NetConnectOpts) => {
    calls.push(options);
    const socket = new Socket();
    sockets.push(socket);
    return socket;
  };
  return { connect, calls, sockets };
}

describe('RateLimiter', () => {
  it('allows 200 probes per 10 s by default, then says how long to wait', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(DEFAULT_PROBE_LIMIT, () => now);
    for (let i = 0; i < 200; i++) {
      expect(limiter.take()).toBe(0);
      now += 10;
    }
    expect(limiter.take()).toBe(10_000 - 2000);
    now = 1_000_000 + 10_000; // the first probe leaves the window
    expect(limiter.take()).toBe(0);
    expect(limiter.take()).toBeGreaterThan(0);
  });
});

describe('probeTcp', () => {
  it('gives up after the timeout and destroys the socket', async () => {
    const fake = stalled();
    const result = await probeTcp({ host: '10.0.0.9', port: 25, timeoutMs: 60 }, fake.connect);
    expect(result).toMatchObject({ ok: false, error: 'timed out after 60 ms' });
    expect(result.ms).toBeGreaterThanOrEqual(55);
    expect(fake.sockets[0]?.destroyed).toBe(true);
    expect(fake.calls).toEqual([{ host: '10.0.0.9', port: 25 }]);
  });

  it.each([
    ['ECONNREFUSED', 'connection refused'],
    ['EHOSTUNREACH', 'host unreachable'],
    ['ENETUNREACH', 'network unreachable'],
    ['ENOTFOUND', 'host name not found'],
    ['ECONNRESET', 'connection reset'],
    ['EWHATEVER', 'EWHATEVER'],
  ])('words %s as %j', (code, words) => {
    expect(describeConnectError(Object.assign(new Error('x'), { code }))).toBe(words);
  });

  it('reads the last attempt of a multi-address connect', () => {
    const both = new AggregateError([
      Object.assign(new Error('a'), { code: 'ENETUNREACH' }),
      Object.assign(new Error('b'), { code: 'ECONNREFUSED' }),
    ]);
    expect(describeConnectError(both)).toBe('connection refused');
    expect(describeConnectError(new Error('odd'))).toBe('odd');
  });
});

describe('createProber', () => {
  it('connects only to the normal form of a member host, and never to anything else', async () => {
    const members = await ClusterMembers.load(await tempDir(), ['http://[fd00::1]:4001']);
    await members.replace([{ name: 'b1', host: 'B1.Example.' }]);
    const fake = stalled();
    const probe = createProber({ name: 'n1', members, connect: fake.connect });
    await probe({ host: 'b1.EXAMPLE', port: 24, timeoutMs: 50 });
    await probe({ host: '[FD00:0::1]', port: 24, timeoutMs: 50 });
    expect(fake.calls.map((c) => (c as { host: string }).host)).toEqual(['b1.example', 'fd00::1']);

    for (const host of ['b2.example', 'b1.example.com', 'fd00::2', '10.0.0.1']) {
      const err = await probe({ host, port: 24 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HttpError);
      expect(err).toMatchObject({ status: 403, code: 'not-a-cluster-node' });
    }
    expect(fake.calls).toHaveLength(2);
  });

  it('refuses once the limit is used up, with a Retry-After in seconds', async () => {
    const members = await ClusterMembers.load(await tempDir(), ['http://10.0.0.5:4001']);
    const fake = stalled();
    const probe = createProber({ name: 'n1', members, limit: { max: 1, windowMs: 5000 }, connect: fake.connect });
    await probe({ host: '10.0.0.5', port: 25, timeoutMs: 50 });
    const err = await probe({ host: '10.0.0.5', port: 25 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 429, code: 'rate-limited', headers: { 'retry-after': '5' } });
    expect(fake.calls).toHaveLength(1);
  });
});
