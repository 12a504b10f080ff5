import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('opens what it sealed, every time (also from its cache of opened secrets)', () => {
    const sealed = box.seal('node-token-1');
    expect(sealed).not.toContain('node-token-1');
    expect(box.open(sealed)).toBe('node-token-1');
    expect(box.open(sealed)).toBe('node-token-1');
    // Sealing again uses a new IV: a different text for the same secret.
    expect(box.seal('node-token-1')).not.toBe(sealed);
  });

  it('refuses a sealed text changed in any part, and one sealed under another key', () => {
    const sealed = box.seal('node-token-2');
    expect(box.open(sealed)).toBe('node-token-2');
    const parts = sealed.split('.');
    for (let i = 1; i < parts.length; i++) {
      const changed = [...parts];
      changed[i] = `${changed[i]!.slice(0, -2)}${changed[i]!.endsWith('AA') ? 'BB' : 'AA'}`;
      expect(() => box.open(changed.join('.')), `part ${i}`).toThrow();
    }
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow();
    expect(() => box.open('v2.a.b.c')).toThrow('Unrecognised sealed secret');
  });
});
