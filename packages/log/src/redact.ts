// Keys whose values never reach a log line, wherever they sit in a logged object (to REDACT_DEPTH).
// pino's redaction matches paths, so each key is listed at every nesting level we log.
export const SECRET_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'token',
  'tokenEnc',
  'accessToken',
  'refreshToken',
  'secret',
  'secretKey',
  'clusterSecret',
  'totpSecret',
  'backupCodes',
  'cookie',
  'set-cookie',
  'authorization',
  'Authorization',
  'apiKey',
  'doveadmKey',
  'directorDoveadmKey',
  'CC_SECRET_KEY',
  'CC_ADMIN_PASSWORD',
  'CC_AGENT_TOKEN',
  'CC_AGENT_CLUSTER_SECRET',
  'CC_AGENT_DOVEADM_KEY',
  'CC_AGENT_DIRECTOR_DOVEADM_KEY',
] as const;

/** How deep a secret may sit: `{ a: { b: { c: { password } } } }` is the deepest we redact. */
export const REDACT_DEPTH = 4;

export const REDACTED = '[redacted]';

/** pino `redact.paths`: every secret key at the top level and under 1..REDACT_DEPTH-1 wildcards. */
export function redactPaths(): string[] {
  const paths: string[] = [];
  for (let depth = 0; depth < REDACT_DEPTH; depth++) {
    const prefix = '*.'.repeat(depth);
    for (const key of SECRET_KEYS)
      paths.push(/^[A-Za-z_$][\w$]*$/.test(key) ? `${prefix}${key}` : `${prefix}["${key}"]`);
  }
  return paths;
}
