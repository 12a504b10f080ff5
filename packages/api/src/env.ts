import { z } from 'zod';

import { LOG_LEVELS } from '@cc/log';

import { parseAddressList, type AddressList } from './address-list';
import { readNodeCaFile } from './ca-file';

/** A comma-separated address/CIDR list, parsed once here; a malformed entry is the variable's error. */
function zAddressList(opts: Parameters<typeof parseAddressList>[1]) {
  return z
    .string()
    .optional()
    .transform((spec, ctx): AddressList => {
      try {
        return parseAddressList(spec, opts);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
        return z.NEVER;
      }
    });
}

/** Every setting the console reads, in one place (README "Configuration" lists the same). */
const ZEnv = z.object({
  DATABASE_URL: z.string().url().optional(),
  CC_DATA_DIR: z.string().optional(),
  CC_PUBLIC_URL: z.string().url().default('http://localhost:3000'),
  CC_TRUSTED_ORIGINS: z.string().optional(),
  /** Comma-separated proxy addresses/CIDRs whose X-Forwarded-For is believed; unset = none (the socket's peer). */
  CC_TRUSTED_PROXIES: zAddressList({
    bareAddresses: true,
    invalid: (e) => `"${e}" is not an IP address or CIDR range`,
  }),
  /** Base64 of at least 32 bytes; unset: generated into CC_DATA_DIR/secret.key. */
  CC_SECRET_KEY: z
    .string()
    .optional()
    .refine((key) => !key || Buffer.from(key, 'base64').length >= 32, 'must be at least 32 bytes, base64-encoded'),
  CC_ADMIN_EMAIL: z.string().email().default('admin@cluster.local'),
  CC_ADMIN_PASSWORD: z.string().min(12).optional(),
  /** Pushes configuration revisions to the nodes (every console process runs one). */
  CC_RECONCILER: z.enum(['on', 'off']).default('on'),
  /** Executes rolling upgrades (every console process runs one; a lease picks who acts). */
  CC_UPGRADE_WORKER: z.enum(['on', 'off']).default('on'),
  /** How long a killed console's claim on a running upgrade holds before another process resumes it. */
  CC_UPGRADE_LEASE_MS: z.coerce.number().int().min(1000).default(10_000),
  CC_COLLECTOR: z.enum(['on', 'off']).default('on'),
  CC_POLL_INTERVAL_MS: z.coerce.number().int().min(100).default(1000),
  CC_POLL_TIMEOUT_MS: z.coerce.number().int().min(100).default(1500),
  /** Comma-separated CIDRs node admin URLs must be in (names resolved, every address checked); unset = any. */
  CC_NODE_NETWORKS: zAddressList({
    bareAddresses: false,
    invalid: (e) => `"${e}" is not a network in CIDR form, e.g. 10.0.0.0/8 or fd00::/8`,
  }).transform((list) => (list.empty ? null : list)),
  /** A node not heard from for this long is shown Down (judged by the collector that is leading now). */
  CC_DOWN_AFTER_MS: z.coerce.number().int().min(500).max(600_000).default(3000),
  /** PEM CA bundle node certificates are verified against (chain, expiry, host name) instead of a pinned fingerprint. */
  CC_NODE_CA_FILE: z
    .string()
    .optional()
    .transform((value, ctx): { file: string; pem: string } | null => {
      const file = value?.trim();
      if (!file) return null;
      try {
        return { file, pem: readNodeCaFile(file) };
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
        return z.NEVER;
      }
    }),
  /** `npm run serve`: where the console listens (HOSTNAME is not used: shells and containers set it). */
  CC_PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  CC_HOST: z.union([z.ipv4(), z.ipv6(), z.literal('localhost')]).default('0.0.0.0'),
  /** Log level of the console and the collector (@cc/log validates the same). */
  CC_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** Bearer token for GET /metrics (Prometheus); unset: /metrics answers 404. */
  CC_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  CC_SIGNIN_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** Failed sign-ins per account within 15 minutes before that account is refused for a while. */
  CC_SIGNIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
});

export type Env = z.infer<typeof ZEnv>;

/** A setting that is wrong or missing; the message is one line that names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = ZEnv.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${issue.path.join('.')}: ${issue.message.replace(/\s*\n\s*/g, ' ')}`);
  }
  return parsed.data;
}

/** Every variable this schema reads (the serve script refuses unknown CC_ names in an env file). */
export const ENV_VARIABLES: readonly string[] = Object.keys(ZEnv.shape);

let memo: { key: string; env: Env; checkedAt: number } | undefined;

/**
 * Under a test runner, which switches variables between calls, every call compares them; a running
 * console compares at most once a second: reading ~30 variables per call (each a lookup in the
 * process environment) was 2.4 % of a busy console's CPU, called per node request and per page.
 */
const RECHECK_MS = process.env.VITEST === undefined ? 1000 : 0;

/**
 * The validated configuration of this process, for code that reads it at the point of use. Parsed
 * again only when one of its variables changed, so a hot path pays a lookup.
 */
export function currentEnv(): Env {
  const now = Date.now();
  if (memo && now - memo.checkedAt < RECHECK_MS) return memo.env;
  const key = ENV_KEYS.map((k) => process.env[k] ?? '\u0000').join('\n');
  if (memo?.key !== key) memo = { key, env: readEnv(), checkedAt: now };
  else memo.checkedAt = now;
  return memo.env;
}
const ENV_KEYS = ENV_VARIABLES;
