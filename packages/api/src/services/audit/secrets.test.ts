import { describe, expect, it } from 'vitest';

import { REDACTED, withoutSecrets } from './secrets';

describe('withoutSecrets', () => {
  it('replaces secret-named values at any depth and keeps the rest', () => {
    const at = new Date(0);
    expect(
      withoutSecrets({
        passwordHash: '{BLF-CRYPT}$2b$10$abc',
        passwordChosen: true,
        nested: [{ password: 'pw', Token: 't', name: 'x', at }],
        revision: 5n,
      }),
    ).toEqual({
      passwordHash: REDACTED,
      passwordChosen: true,
      nested: [{ password: REDACTED, Token: REDACTED, name: 'x', at }],
      revision: 5n,
    });
  });

  it('passes scalars through', () => {
    expect(withoutSecrets(undefined)).toBeUndefined();
    expect(withoutSecrets('password')).toBe('password');
  });
});
