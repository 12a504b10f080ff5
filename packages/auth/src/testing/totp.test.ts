import { describe, expect, it } from 'vitest';

import { base32Decode, hotp, totp } from './totp';

// The test generator is itself checked against the RFCs' published vectors.
describe('test TOTP generator', () => {
  const rfcKey = Buffer.from('12345678901234567890'); // RFC 4226 appendix D / RFC 6238 appendix B (SHA-1)

  it('matches RFC 4226 HOTP vectors', () => {
    expect([0, 1, 2, 9].map((c) => hotp(rfcKey, c))).toEqual(['755224', '287082', '359152', '520489']);
  });

  it('matches RFC 6238 TOTP vectors (last 6 of the 8 digits)', () => {
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // base32 of the same key
    expect(base32Decode(secret)).toEqual(rfcKey);
    expect(totp(secret, 59_000)).toBe('287082');
    expect(totp(secret, 1_111_111_109_000)).toBe('081804');
    expect(totp(secret, 1_234_567_890_000)).toBe('005924');
    expect(totp(secret, 20_000_000_000_000)).toBe('353130');
  });
});
