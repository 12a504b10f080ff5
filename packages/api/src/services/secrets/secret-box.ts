import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const OPENED_MAX = 100_000;

/**
 * Encrypts secrets the console must be able to present again (node admin tokens), with AES-256-GCM
 * under a key derived from the console master key. Hashing is not an option: the node needs the token.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(masterKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'cc:secret-box:v1', 32));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(
      '.',
    );
  }

  /**
   * Opened secrets, by their sealed text: every push and every other call to a node opens its token
   * (a push to 1,000 nodes: 1.4 % of a busy console's CPU), and the collector each time its node list
   * reloads. The key that opens them is in this process anyway; a sealed text names one plaintext, so
   * an entry never goes stale.
   */
  private readonly opened = new Map<string, string>();

  open(sealed: string): string {
    const known = this.opened.get(sealed);
    if (known !== undefined) return known;
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('Unrecognised sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    // Bounded: more sealed secrets than this (nodes re-registered over years) start the cache over.
    if (this.opened.size >= OPENED_MAX) this.opened.clear();
    this.opened.set(sealed, plain);
    return plain;
  }
}

/** A purpose-bound subkey of the master key (e.g. the session-signing secret). */
export function deriveSecret(masterKey: Buffer, purpose: string): string {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `cc:${purpose}`, 32)).toString('base64url');
}

/**
 * The master key: CC_SECRET_KEY (base64, 32 bytes; required when several consoles share a database),
 * else a key file created once in the data directory.
 */
export function loadMasterKey(env: string | undefined, dataDir: string): Buffer {
  if (env) {
    const key = Buffer.from(env, 'base64');
    if (key.length < 32) throw new Error('CC_SECRET_KEY must be at least 32 bytes, base64-encoded');
    return key;
  }
  const file = path.join(dataDir, 'secret.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another process won the race
    }
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
}
