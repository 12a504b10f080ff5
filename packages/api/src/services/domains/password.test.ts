import { scryptSync } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { dovecotHash, hashMailPassword, mailPasswordError, needsNewPassword, verifyMailPassword } from './password';

/** A hash in the console's earlier format, as rows made before {BLF-CRYPT} hold it. */
function legacyScrypt(password: string): string {
  const salt = Buffer.from('0123456789abcdef');
  const key = scryptSync(password.normalize('NFKC'), salt, 32, { N: 16384, r: 8, p: 1 });
  return `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

describe('mail password hashes', () => {
  it('stores {BLF-CRYPT} bcrypt that verifies, and that nodes receive as is', async () => {
    const hash = await hashMailPassword('correct horse battery', 4);
    expect(hash).toMatch(/^\{BLF-CRYPT\}\$2b\$04\$[./A-Za-z0-9]{53}$/);
    expect(await verifyMailPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyMailPassword('wrong horse battery', hash)).toBe(false);
    expect(dovecotHash(hash)).toBe(hash);
    expect(needsNewPassword(hash)).toBe(false);
  });

  it('uses cost 10 by default', async () => {
    expect(await hashMailPassword('x'.repeat(12))).toMatch(/^\{BLF-CRYPT\}\$2b\$10\$/);
  });

  it('still verifies old scrypt hashes, but never sends them to nodes', async () => {
    const old = legacyScrypt('old password 1');
    expect(await verifyMailPassword('old password 1', old)).toBe(true);
    expect(await verifyMailPassword('old password 2', old)).toBe(false);
    expect(dovecotHash(old)).toBeNull();
    expect(needsNewPassword(old)).toBe(true);
  });

  it('sends nothing that could break a passwd-file line', () => {
    expect(dovecotHash(null)).toBeNull();
    expect(dovecotHash('{PLAIN}secret')).toBeNull();
    expect(dovecotHash(`{BLF-CRYPT}$2b$10$${'a'.repeat(52)}:`)).toBeNull();
    expect(dovecotHash(`{BLF-CRYPT}$2b$10$${'a'.repeat(52)}\n`)).toBeNull();
  });

  it('refuses passwords bcrypt would cut or no login could type', () => {
    expect(mailPasswordError('a'.repeat(72))).toBeNull();
    expect(mailPasswordError('a'.repeat(73))).toMatch(/72 bytes/);
    expect(mailPasswordError('ä'.repeat(37))).toMatch(/72 bytes/);
    expect(mailPasswordError('abc\ndef-long-enough')).toMatch(/line breaks/);
  });
});
