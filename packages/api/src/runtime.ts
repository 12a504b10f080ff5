import { createAuth } from '@cc/auth';
import { databaseHealth, dataRoot, openDatabase } from '@cc/db';
import { createLogger } from '@cc/log';

import { bootstrapAdmin } from './bootstrap';
import type { ServerDeps } from './context';
import { readEnv, type Env } from './env';
import { startAuditWorker } from './services/audit/worker';
import { runCollectorWhenLeader, type CollectorLeadership } from './services/collector';
import { Reconciler } from './services/propagation/reconciler';
import { deriveSecret, loadMasterKey, SecretBox } from './services/secrets/secret-box';
import { seedReleases } from './services/upgrades/releases';
import { UpgradeWorker } from './services/upgrades/worker';

export interface Runtime extends ServerDeps {
  env: Env;
  collector: CollectorLeadership | null;
  close(): Promise<void>;
}

/** Builds the server side of one console process: database (migrated), auth, secrets, collector. */
export async function createRuntime(env: Env = readEnv()): Promise<Runtime> {
  const log = createLogger('console', { level: env.CC_LOG_LEVEL });
  const root = env.CC_DATA_DIR ?? dataRoot();
  const db = await openDatabase({ url: env.DATABASE_URL });
  // During an outage a cheap query every few seconds notices recovery even without traffic.
  databaseHealth.setProbe(() => db.sql.query('SELECT 1'));
  const masterKey = loadMasterKey(env.CC_SECRET_KEY, root);
  const secrets = new SecretBox(masterKey);
  const publicUrl = new URL(env.CC_PUBLIC_URL);
  const auth = createAuth({
    prisma: db.prisma,
    secret: deriveSecret(masterKey, 'auth'),
    baseURL: publicUrl.origin,
    trustedOrigins: [publicUrl.origin, ...(env.CC_TRUSTED_ORIGINS?.split(',').map((s) => s.trim()) ?? [])],
    signInPerMinute: env.CC_SIGNIN_PER_MINUTE,
  });

  await bootstrapAdmin(db.prisma, {
    email: env.CC_ADMIN_EMAIL,
    password: env.CC_ADMIN_PASSWORD,
    dataDir: root,
    log,
  });
  await seedReleases(db.prisma);

  const collectorLog = createLogger('collector', { level: env.CC_LOG_LEVEL });
  const collector =
    env.CC_COLLECTOR === 'on'
      ? runCollectorWhenLeader({
          db,
          secrets,
          intervalMs: env.CC_POLL_INTERVAL_MS,
          timeoutMs: env.CC_POLL_TIMEOUT_MS,
          log: (m) => collectorLog.info(m),
        })
      : null;
  const stopReconciler = env.CC_RECONCILER === 'on' ? new Reconciler({ prisma: db.prisma, secrets }).start() : null;
  // Rolling upgrades: every process runs a worker; the run's lease lets one of them act.
  const upgradesLog = createLogger('upgrades', { level: env.CC_LOG_LEVEL });
  const stopUpgrades =
    env.CC_UPGRADE_WORKER === 'on'
      ? new UpgradeWorker({
          prisma: db.prisma,
          secrets,
          leaseMs: env.CC_UPGRADE_LEASE_MS,
          log: (m) => upgradesLog.warn(m),
        }).start()
      : null;
  // Syslog forwarding (one process at a time), retention archive, periodic full chain check.
  const stopAudit = startAuditWorker({ prisma: db.prisma, dataDir: root });

  return {
    env,
    db,
    auth,
    secrets,
    collector,
    async close() {
      stopReconciler?.();
      stopUpgrades?.();
      stopAudit();
      await collector?.stop();
      databaseHealth.setProbe(null);
      await db.close();
    },
  };
}

const KEY = Symbol.for('cluster-console.runtime');
type Holder = { [KEY]?: Promise<Runtime> };

/** One runtime per process, shared by every Next.js route bundle (hence globalThis). */
export function getRuntime(): Promise<Runtime> {
  const g = globalThis as Holder;
  g[KEY] ??= createRuntime().catch((e: unknown) => {
    delete g[KEY];
    throw e;
  });
  return g[KEY];
}
