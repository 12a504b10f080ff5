import { afterEach, describe, expect, it, vi } from 'vitest';

import { AppError } from '../../errors';
import { assertNodeUrlAllowed, guardNodeFetch, parseNodeNetworks } from './node-networks';

afterEach(() => {
  delete process.env.CC_NODE_NETWORKS;
});

describe('parseNodeNetworks', () => {
  it('is null (any address) when unset or empty', () => {
    expect(parseNodeNetworks(undefined)).toBeNull();
    expect(parseNodeNetworks(' , ')).toBeNull();
  });

  it('allows addresses inside any listed network, IPv4-mapped IPv6 judged as IPv4', () => {
    const n = parseNodeNetworks('10.0.0.0/8, fd00::/8')!;
    expect(n.allows('10.1.2.3')).toBe(true);
    expect(n.allows('fd12::1')).toBe(true);
    expect(n.allows('::ffff:10.0.0.1')).toBe(true);
    expect(n.allows('127.0.0.1')).toBe(false);
    expect(n.allows('::ffff:127.0.0.1')).toBe(false);
    expect(n.allows('::1')).toBe(false);
    expect(n.allows('not-an-ip')).toBe(false);
  });

  it.each(['10.0.0.0', '10.0.0.0/33', 'fd00::/129', 'example.com/8', '2130706433/8'])('refuses %j', (spec) => {
    expect(() => parseNodeNetworks(spec)).toThrow(/CIDR/);
  });
});

describe('guardNodeFetch', () => {
  it('refuses before connecting when any resolved address is outside, passes through when unset', async () => {
    const inner = vi.fn(async () => new Response('ok'));
    const guarded = guardNodeFetch(inner as unknown as typeof fetch);
    process.env.CC_NODE_NETWORKS = '10.0.0.0/8';
    await expect(guarded('http://127.0.0.1:4001/v1/info')).rejects.toBeInstanceOf(AppError);
    await expect(guarded('http://localhost:4001/v1/info')).rejects.toThrow(/CC_NODE_NETWORKS/);
    await expect(guarded('http://[::1]:4001/v1/info')).rejects.toThrow(/CC_NODE_NETWORKS/);
    expect(inner).not.toHaveBeenCalled();
    delete process.env.CC_NODE_NETWORKS;
    await guarded('http://127.0.0.1:4001/v1/info');
    expect(inner).toHaveBeenCalledTimes(1);
  });

  it('refuses a name that does not resolve when networks are set', async () => {
    await expect(
      assertNodeUrlAllowed('http://no-such-host.invalid:1', parseNodeNetworks('10.0.0.0/8')),
    ).rejects.toThrow(/could not be resolved/);
  });
});
