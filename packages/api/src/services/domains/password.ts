// Mail account passwords, stored as the exact string Dovecot verifies itself:
// `{BLF-CRYPT}$2b$10$...` (bcrypt). The agents write it into passwd-files as
// is, so the console and every mail server agree on one hash. Only the hash is
// kept; a generated password is shown once to the admin.
//
// Hashes made before this scheme (`scrypt$...`) still verify here, but no mail
// server can check them: they go to nodes as "no usable password" and the
// account pages ask for a new one (see dovecotHash / needsNewPassword).
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

import bcrypt from 'bcryptjs';

/** Dovecot's scheme prefix for bcrypt. */
export const MAIL_HASH_SCHEME = '{BLF-CRYPT}';
/** bcrypt's work factor for new passwords (about 50-100 ms in pure JS). */
export const BCRYPT_COST = 10;
/** bcrypt reads only the first 72 bytes: longer passwords would be silently cut. */
export const MAX_MAIL_PASSWORD_BYTES = 72;

/** Why a chosen password cannot be stored for the mail servers, or null. */
export function mailPasswordError(password: string): string | null {
  if (Buffer.byteLength(password, 'utf8') > MAX_MAIL_PASSWORD_BYTES) {
    return `A mail password has at most ${MAX_MAIL_PASSWORD_BYTES} bytes (mail servers ignore the rest).`;
  }
  // Mail clients send passwords on one line; these could never be typed at a login.
  if (/[\0\r\n]/.test(password)) return 'A mail password cannot contain line breaks or NUL characters.';
  return null;
}

export async function hashMailPassword(password: string, cost = BCRYPT_COST): Promise<string> {
  return MAIL_HASH_SCHEME + (await bcrypt.hash(password, cost));
}

export async function verifyMailPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith(MAIL_HASH_SCHEME)) return bcrypt.compare(password, stored.slice(MAIL_HASH_SCHEME.length));
  if (stored.startsWith('scrypt$')) return verifyLegacyScrypt(password, stored);
  return false;
}

/** The stored hash as nodes get it: a scheme Dovecot verifies, else null (no usable password). */
export function dovecotHash(stored: string | null | undefined): string | null {
  if (!stored?.startsWith(MAIL_HASH_SCHEME)) return null;
  // The agents write it into passwd-files: ':' or a line break would corrupt the line.
  return /^\{BLF-CRYPT\}\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/.test(stored) ? stored : null;
}

/** The stored hash is one the mail servers cannot verify: the password must be set again. */
export function needsNewPassword(stored: string | null | undefined): boolean {
  return dovecotHash(stored) === null;
}

/** Why an account has no usable password on the mail servers (shown on the account page). */
export const NEEDS_NEW_PASSWORD_REASON =
  'The password must be set again: it is stored in a scheme the mail servers cannot verify ' +
  '(made before the console wrote Dovecot-compatible hashes), so sign-ins are refused until it is reset.';

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** The console's earlier format: `scrypt$N$r$p$salt$key` over the NFKC-normalized password. */
async function verifyLegacyScrypt(password: string, stored: string): Promise<boolean> {
  const [, n, r, p, salt, key] = stored.split('$');
  if (!salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}

/** 20 characters from an alphabet without look-alikes (no 0/O, 1/l/I). */
export function generateMailPassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
