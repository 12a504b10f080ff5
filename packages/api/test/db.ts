import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import pg from 'pg';

import { createAuth, createUserWithPassword } from '@cc/auth';
import { openDatabase, type Role } from '@cc/db';

import { createInnerContext, type ServerDeps } from '../src/context';
import { createCaller } from '../src/root';
import { Collector } from '../src/services/collector';
import { SecretBox } from '../src/services/secrets/secret-box';

/**
 * A fresh, migrated database for one test file: a copy of the PGlite template, or a new database on
 * the PostgreSQL server named by DATABASE_URL (dropped afterwards).
 */
export async function createTestDeps(): Promise<
  ServerDeps & {
    /** The test database's URL on PostgreSQL, null on PGlite. */ databaseUrl: string | null;
    dispose(): Promise<void>;
  }
> {
  const url = process.env.DATABASE_URL;
  let databaseUrl: string | null = null;
  let db;
  let cleanup: () => Promise<void>;
  if (url) {
    const name = `cc_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const testUrl = new URL(url);
    testUrl.pathname = `/${name}`;
    databaseUrl = testUrl.toString();
    db = await openDatabase({ url: databaseUrl });
    cleanup = async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  } else {
    const template = process.env.CC_TEST_PGLITE_TEMPLATE;
    if (!template) throw new Error('global setup did not build the PGlite template');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-pglite-test-'));
    fs.cpSync(template, dir, { recursive: true });
    db = await openDatabase({ dataDir: dir });
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const secret = randomBytes(32);
  const auth = createAuth({ prisma: db.prisma, secret: secret.toString('base64'), baseURL: 'http://127.0.0.1:3000' });
  return {
    db,
    auth,
    secrets: new SecretBox(secret),
    databaseUrl,
    async dispose() {
      await db.close();
      await cleanup();
    },
  };
}

let counter = 0;

/** A real user row of the given role, and a tRPC caller acting as them. */
export async function callerAs(deps: ServerDeps, role: Role | null) {
  if (role === null) return createCaller(createInnerContext(deps, null));
  counter += 1;
  const user = await createUserWithPassword(deps.db.prisma, {
    email: `${role.toLowerCase()}-${counter}-${randomBytes(3).toString('hex')}@test.local`,
    name: role,
    role,
    password: 'correct horse battery staple',
  });
  return createCaller(
    createInnerContext(deps, { ...user, mustChangePassword: false }, { ip: '127.0.0.9', userAgent: 'vitest' }),
  );
}

/** One collector round, as the console's running collector would do it, with a fresh heartbeat. */
export async function collectOnce(deps: ServerDeps): Promise<void> {
  await deps.db.prisma.collectorLease.upsert({
    where: { id: 1 },
    create: { holder: 'test', heartbeatAt: new Date() },
    update: { heartbeatAt: new Date() },
  });
  const collector = new Collector({ db: deps.db, secrets: deps.secrets, timeoutMs: 1000 });
  await collector.tick();
  // Every node has answered or timed out: a fixed wait lost slow answers (Dovecot, a busy machine).
  await collector.settled();
  await collector.flush();
}

/** A DOMAIN_ADMIN managing exactly these (existing) shared domains. */
export async function domainAdminCaller(deps: ServerDeps, domainNames: string[]) {
  counter += 1;
  const user = await createUserWithPassword(deps.db.prisma, {
    email: `domain-admin-${counter}-${randomBytes(3).toString('hex')}@test.local`,
    name: 'Domain admin',
    role: 'DOMAIN_ADMIN',
    password: 'correct horse battery staple',
  });
  const domains = await deps.db.prisma.sharedDomain.findMany({ where: { name: { in: domainNames } } });
  await deps.db.prisma.domainAdmin.createMany({ data: domains.map((d) => ({ userId: user.id, domainId: d.id })) });
  return createCaller(
    createInnerContext(deps, { ...user, mustChangePassword: false }, { ip: '127.0.0.9', userAgent: 'vitest' }),
  );
}
