import { describe, expect, it } from 'vitest';
import { normalizeHost, validateHost } from './host';

describe('normalizeHost', () => {
  it.each([
    ['10.0.0.5', '10.0.0.5'],
    ['Node1.Example.COM', 'node1.example.com'],
    ['backend-2', 'backend-2'],
    ['mail.example.com.', 'mail.example.com'],
    ['::1', '::1'],
    ['[::1]', '::1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['FE80::A', 'fe80::a'],
    ['::ffff:127.0.0.1', '::ffff:7f00:1'],
  ])('%s -> %s', (input, normal) => {
    expect(normalizeHost(input)).toBe(normal);
    expect(validateHost(input)).toBeNull();
  });

  it.each([
    ['', /empty/],
    [' 10.0.0.5', /neither an IP address nor a valid host name/],
    ['127.1', /looks numeric/],
    ['010.0.0.1', /looks numeric/],
    ['0x7f000001', /looks numeric/],
    ['2130706433', /looks numeric/],
    ['256.1.1.1', /looks numeric/],
    ['fe80::1%eth0', /not a valid IPv6 address/],
    ['[10.0.0.5]', /only IPv6 addresses go in brackets/],
    ['a..b', /neither/],
    ['-a.example', /neither/],
    ['under_score', /neither/],
    ['http://10.0.0.5', /not a valid IPv6/],
    ['10.0.0.5:25', /not a valid IPv6/],
    [`${'a'.repeat(64)}.example`, /neither/],
    [`${'a.'.repeat(126)}ab`, /neither/],
    [`${'a.'.repeat(127)}ab`, /longer than 253 characters/],
  ])('rejects %j', (input, message) => {
    expect(validateHost(input)).toMatch(message);
    expect(() => normalizeHost(input)).toThrow(TypeError);
  });
});
