// Secrets (admin token, cluster secret) are hashed on arrival and only the
// SHA-256 digest is kept, so a memory dump or data dir never reveals them.
// Comparison hashes the presented value too, which gives equal-length inputs
// for timingSafeEqual regardless of what the caller sent.
import { createHash, timingSafeEqual } from 'node:crypto';

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Accepts 64 hex digits, optionally prefixed "sha256:". */
export function parseSha256Hex(hash: string): Buffer {
  const hex = hash.trim().replace(/^sha256:/i, '');
  if (!/^[0-9a-f]{64}$/i.test(hex))
    throw new Error('A token hash must be 64 hex digits (SHA-256), optionally prefixed "sha256:"');
  return Buffer.from(hex, 'hex');
}

export interface SecretCheck {
  matches(presented: string | undefined): boolean;
}

/** `null` digest: nothing is configured, so nothing matches. */
export function secretCheck(digest: Buffer | null): SecretCheck {
  return {
    matches(presented) {
      if (!digest || presented === undefined || presented === '') return false;
      return timingSafeEqual(sha256(presented), digest);
    },
  };
}

/** The token of an `Authorization: Bearer <token>` header, if well-formed. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}
