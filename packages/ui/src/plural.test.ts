import { describe, expect, it } from 'vitest';

import { plural } from './plural';

describe('plural', () => {
  it('uses the singular for exactly one', () => {
    expect(plural(1, 'domain')).toBe('domain');
    expect(plural(0, 'domain')).toBe('domains');
    expect(plural(2, 'domain')).toBe('domains');
    expect(plural(1.5, 'node')).toBe('nodes');
  });

  it('takes an irregular plural', () => {
    expect(plural(3, 'entry', 'entries')).toBe('entries');
    expect(plural(1, 'entry', 'entries')).toBe('entry');
  });
});
