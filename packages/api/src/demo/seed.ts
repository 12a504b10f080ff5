// Demo data, kept out of the production runtime: the demo launcher's local agents, one user per
// role and the shared domains with their accounts. `scripts/demo-seed.mjs` runs this against the
// console's database (same DATABASE_URL / CC_DATA_DIR) before `npm start`, the e2e harness and the
// benchmark start the console; PGlite is single-process, so never while a console holds it.
import fs from 'node:fs';

import { createUserWithPassword } from '@cc/auth';
import { dataRoot, openDatabase, type Database } from '@cc/db';
import { createLogger, type Logger } from '@cc/log';
import { normalizeFingerprint } from '@cc/node-api';
import { z } from 'zod';

import { bootstrapAdmin } from '../bootstrap';
import { readEnv } from '../env';
import { SYSTEM_ACTOR, writeAudit } from '../services/audit/write-audit';
import { seedDomains } from '../services/domains/seed';
import { loadMasterKey, SecretBox } from '../services/secrets/secret-box';

const ZDemoNode = z.object({
  name: z.string().min(1),
  role: z.enum(['FRONTEND', 'BACKEND']),
  adminUrl: z.string().url(),
  token: z.string().min(1),
  /** https://: the fingerprint the agent printed when it started (its launcher read it). */
  tlsFingerprint: z.string().optional(),
  /** http://: the launcher's explicit choice of plain HTTP (the fleet). */
  allowPlainHttp: z.boolean().optional(),
});
type DemoNode = z.infer<typeof ZDemoNode>;

const ZDemoUser = z.object({
  email: z.string().email(),
  name: z.string().min(1),
  role: z.enum(['SERVER_ADMIN', 'CLUSTER_OPERATOR', 'DOMAIN_ADMIN', 'AUDITOR']),
  password: z.string().min(12),
  /** Shared domains a DOMAIN_ADMIN manages. */
  domains: z.array(z.string()).optional(),
});

const ZDemoDomains = z.object({
  password: z.string().min(1),
  domains: z.array(
    z.object({
      name: z.string().min(1),
      accounts: z.number().int().min(0),
      prefix: z.string().optional(),
      settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    }),
  ),
});

export interface DemoSeedFiles {
  /** JSON list of nodes to register, or re-point after the launcher restarted them. */
  nodes?: string;
  /** JSON list of users (one per role); existing addresses are left alone. */
  users?: string;
  /** JSON { password, domains: [{ name, accounts, prefix?, settings? }] }, created once if missing. */
  domains?: string;
}

function readJson<T>(file: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`${file}: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** Seeds the console's database from the demo files; the administrator first, as the console would. */
export async function seedDemo(files: DemoSeedFiles, log: Logger = createLogger('demo')): Promise<void> {
  const env = readEnv();
  const root = env.CC_DATA_DIR ?? dataRoot();
  const db = await openDatabase({ url: env.DATABASE_URL });
  try {
    // Demo users would otherwise count as "a user exists" and the administrator never be made.
    await bootstrapAdmin(db.prisma, {
      email: env.CC_ADMIN_EMAIL,
      password: env.CC_ADMIN_PASSWORD,
      dataDir: root,
      log,
    });
    const secrets = new SecretBox(loadMasterKey(env.CC_SECRET_KEY, root));
    if (files.nodes) await registerDemoNodes(db, secrets, files.nodes);
    if (files.domains) {
      const spec = readJson(files.domains, ZDemoDomains);
      const seeded = await seedDomains(db.prisma, spec.domains, spec.password);
      if (seeded.domains > 0) log.info(seeded, 'demo domains and accounts created');
    }
    if (files.users) await createDemoUsers(db, files.users);
  } finally {
    await db.close();
  }
}

/** The launcher's local agents: registered (or re-pointed after a restart) without a probe. */
async function registerDemoNodes(db: Database, secrets: SecretBox, file: string) {
  const nodes: DemoNode[] = readJson(file, z.array(ZDemoNode));
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

/** One user per role for demos and end-to-end tests; existing e-mail addresses are left alone. */
async function createDemoUsers(db: Database, file: string) {
  const users = readJson(file, z.array(ZDemoUser));
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

/** `node scripts/demo-seed.mjs [--nodes F] [--users F] [--domains F]`: 0 done, 2 bad input or failure. */
export async function runDemoSeed(argv: string[], print: (line: string) => void = console.error): Promise<number> {
  const files: DemoSeedFiles = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--(nodes|users|domains)(?:=(.+))?$/.exec(arg);
    const value = m ? (m[2] ?? argv[++i]) : undefined;
    if (!m || !value) {
      print(`demo-seed: expected --nodes, --users or --domains with a file, got "${arg}"`);
      return 2;
    }
    files[m[1] as keyof DemoSeedFiles] = value;
  }
  try {
    await seedDemo(files);
    return 0;
  } catch (e) {
    print(`demo-seed: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}
