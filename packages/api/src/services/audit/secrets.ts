// Defence in depth: no password, hash, token or secret ever enters the audit log, whatever a
// caller passes as before/after (the entries are hashed, exported and forwarded to syslog).
const SECRET_KEYS = new Set(['password', 'passwordhash', 'newpassword', 'currentpassword', 'token', 'secret']);
export const REDACTED = '[redacted]';

/** The value with every secret-named key's value replaced (any depth). */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  // Only plain objects are walked: dates, buffers and other instances are serialised as they are.
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k.toLowerCase()) ? REDACTED : withoutSecrets(v)]),
  );
}
