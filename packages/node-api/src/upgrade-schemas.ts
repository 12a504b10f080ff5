// Node admin API v1: software upgrades, one node at a time (the console's
// rolling upgrade). The node restarts its own process into the requested
// version, keeping its data directory and identity, and can go back to the
// version it ran before. Kept apart from schemas.ts, which only refers to the
// status shape.
import { z } from 'zod';

const ZIsoDateTime = z.iso.datetime({ offset: true });

/**
 * - `idle`: never upgraded (or the launcher started it at another version since).
 * - `upgrading` / `rolling-back`: restarting into `target`; the node is Non-Ready until it settles.
 * - `healthy`: the last upgrade or rollback passed its health check; the node stays Non-Ready until made Ready.
 * - `failed`: the running version failed its health check; the node refuses to be made Ready.
 */
export const ZUpgradeState = z.enum(['idle', 'upgrading', 'healthy', 'failed', 'rolling-back']);
export type UpgradeState = z.infer<typeof ZUpgradeState>;

/** Versions the console may ask for: semver-like, e.g. 2.0.0, 2.1.0-rc.1, 2.0.0+build.5. */
export const UPGRADE_VERSION_RE = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
export const ZUpgradeVersion = z
  .string()
  .min(1)
  .max(64)
  .regex(UPGRADE_VERSION_RE, 'must look like a semantic version, e.g. 2.0.0');

export const ZUpgradeStatus = z.object({
  state: ZUpgradeState,
  version: z.string().min(1).describe('The version running now (NodeInfo.softwareVersion).'),
  previous: z
    .string()
    .min(1)
    .nullable()
    .describe('What POST /v1/upgrade/rollback returns to; null when there is nothing to roll back to.'),
  target: z
    .string()
    .min(1)
    .nullable()
    .describe('The version the latest upgrade or rollback aimed at (kept after it finished); null when idle.'),
  startedAt: ZIsoDateTime.nullable().describe('When the latest upgrade or rollback was requested.'),
  finishedAt: ZIsoDateTime.nullable().describe('When its health check passed or failed; null while under way.'),
  error: z.string().nullable().describe('Why the running version is unhealthy (state failed).'),
});
export type UpgradeStatus = z.infer<typeof ZUpgradeStatus>;

export const ZUpgradeRequest = z.strictObject({
  version: ZUpgradeVersion.describe('The version to restart into.'),
  force: z
    .boolean()
    .optional()
    .describe('Upgrade even if the node is not drained: its open sessions are cut (and count as ended abnormally).'),
});
export type UpgradeRequest = z.infer<typeof ZUpgradeRequest>;

export const ZRollbackUpgradeRequest = z.strictObject({
  force: z
    .boolean()
    .optional()
    .describe('Roll back even if the node is not drained: its open sessions are cut (and count as ended abnormally).'),
});
export type RollbackUpgradeRequest = z.infer<typeof ZRollbackUpgradeRequest>;

/** Error codes of POST /v1/upgrade and /v1/upgrade/rollback (and of Make Ready while unhealthy). */
export const UPGRADE_ERRORS = {
  notDrained: 'not-drained',
  inProgress: 'upgrade-in-progress',
  sameVersion: 'same-version',
  nothingToRollBack: 'nothing-to-roll-back',
  unhealthy: 'unhealthy',
  unsupported: 'unsupported',
} as const;
