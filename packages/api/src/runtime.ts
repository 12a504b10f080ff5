import fs from 'node:fs';

import { createAuth, createUserWithPassword, ensureInitialAdmin } from '@cc/auth';
import { databaseHealth, dataRoot, openDatabase, type Database } from '@cc/db';
import { normalizeFingerprint } from '@cc/node-api';

import type { ServerDeps } from './context';
import { readEnv, type Env } from './env';
import { startAuditWorker } from './services/audit/worker';
import { SYSTEM_ACTOR, writeAudit } from './services/audit/write-audit';
import { runCollectorWhenLeader, type CollectorLeadership } from './services/collector';
import { seedDomains, type SeedDomain } from './services/domains/seed';
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

  const admin = await ensureInitialAdmin(db.prisma, { email: env.CC_ADMIN_EMAIL, password: env.CC_ADMIN_PASSWORD });
  if (admin.created) {
    await writeAudit(db.prisma, SYSTEM_ACTOR, {
      action: 'user.bootstrap',
      targetType: 'user',
      targetName: admin.email,
      after: { email: admin.email, role: 'SERVER_ADMIN' },
      outcome: 'SUCCESS',
    });
    announceAdmin(root, admin.email, admin.generatedPassword);
  }
  await seedReleases(db.prisma);
  if (env.CC_DEMO_NODES) await registerDemoNodes(db, secrets, env.CC_DEMO_NODES);
  if (env.CC_DEMO_DOMAINS) await seedDemoDomains(db, env.CC_DEMO_DOMAINS);
  if (env.CC_DEMO_USERS) await createDemoUsers(db, env.CC_DEMO_USERS);

  const collector =
    env.CC_COLLECTOR === 'on'
      ? runCollectorWhenLeader({
          db,
          secrets,
          intervalMs: env.CC_POLL_INTERVAL_MS,
          timeoutMs: env.CC_POLL_TIMEOUT_MS,
          log: (m) => console.log(`[console] ${m}`),
        })
      : null;
  const stopReconciler = env.CC_RECONCILER === 'on' ? new Reconciler({ prisma: db.prisma, secrets }).start() : null;
  // Rolling upgrades: every process runs a worker; the run's lease lets one of them act.
  const stopUpgrades =
    env.CC_UPGRADE_WORKER === 'on'
      ? new UpgradeWorker({
          prisma: db.prisma,
          secrets,
          leaseMs: env.CC_UPGRADE_LEASE_MS,
          log: (m) => console.error(`[console] ${m}`),
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

/** The generated password is printed once, and left for the launcher in a 0600 file it deletes. */
function announceAdmin(root: string, email: string, password: string | undefined) {
  if (!password) {
    console.log(`[console] created initial administrator ${email} (password from CC_ADMIN_PASSWORD)`);
    return;
  }
  console.log(`[console] created initial administrator ${email} with one-time password: ${password}`);
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(`${root}/initial-admin.json`, JSON.stringify({ email, password }), { mode: 0o600 });
}

interface DemoNode {
  name: string;
  role: 'FRONTEND' | 'BACKEND';
  adminUrl: string;
  token: string;
  /** https://: the fingerprint the agent printed when it started (its launcher read it). */
  tlsFingerprint?: string;
  /** http://: the launcher's explicit choice of plain HTTP (the fleet). */
  allowPlainHttp?: boolean;
}

/** The launcher's local agents: registered (or re-pointed after a restart) without a probe. */
async function registerDemoNodes(db: Database, secrets: SecretBox, file: string) {
  const nodes = JSON.parse(fs.readFileSync(file, 'utf8')) as DemoNode[];
  for (const n of nodes) {
    const tlsFingerprint = n.tlsFingerprint ? normalizeFingerprint(n.tlsFingerprint) : null;
    const allowPlainHttp = n.adminUrl.startsWith('http:');
    // The same rules as a registration: pinned over https://, plain HTTP only when the file says so.
    if (!allowPlainHttp && !tlsFingerprint) throw new Error(`${file}: ${n.name} is https:// without a tlsFingerprint`);
    if (allowPlainHttp && n.allowPlainHttp !== true) {
      throw new Error(`${file}: ${n.name} is http:// without "allowPlainHttp": true`);
    }
    const data = {
      role: n.role,
      adminUrl: n.adminUrl,
      tokenEnc: secrets.seal(n.token),
      tlsFingerprint,
      allowPlainHttp,
    };
    const node = await db.prisma.node.upsert({
      where: { name: n.name },
      create: { name: n.name, ...data },
      update: data,
    });
    await writeAudit(db.prisma, SYSTEM_ACTOR, {
      action: 'node.register',
      targetType: 'node',
      targetId: node.id,
      targetName: n.name,
      after: {
        name: n.name,
        role: n.role,
        adminUrl: n.adminUrl,
        tlsFingerprint,
        allowPlainHttp,
        source: 'demo launcher',
      },
      outcome: 'SUCCESS',
    });
  }
}

interface DemoUser {
  email: string;
  name: string;
  role: 'SERVER_ADMIN' | 'CLUSTER_OPERATOR' | 'DOMAIN_ADMIN' | 'AUDITOR';
  password: string;
  /** Shared domains a DOMAIN_ADMIN manages. */
  domains?: string[];
}

async function seedDemoDomains(db: Database, file: string) {
  const spec = JSON.parse(fs.readFileSync(file, 'utf8')) as { password: string; domains: SeedDomain[] };
  const seeded = await seedDomains(db.prisma, spec.domains, spec.password);
  if (seeded.domains > 0) console.log(`[console] demo: ${seeded.domains} domain(s), ${seeded.accounts} account(s)`);
}

/** One user per role for demos and end-to-end tests; existing e-mail addresses are left alone. */
async function createDemoUsers(db: Database, file: string) {
  const users = JSON.parse(fs.readFileSync(file, 'utf8')) as DemoUser[];
  for (const u of users) {
    if (await db.prisma.user.findUnique({ where: { email: u.email.toLowerCase() } })) continue;
    const created = await createUserWithPassword(db.prisma, u);
    const domains = await db.prisma.sharedDomain.findMany({ where: { name: { in: u.domains ?? [] } } });
    await db.prisma.domainAdmin.createMany({ data: domains.map((d) => ({ userId: created.id, domainId: d.id })) });
    await writeAudit(db.prisma, SYSTEM_ACTOR, {
      action: 'user.create',
      targetType: 'user',
      targetId: created.id,
      targetName: created.email,
      after: { email: created.email, role: created.role, domains: u.domains ?? [], source: 'demo users file' },
      outcome: 'SUCCESS',
    });
  }
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
