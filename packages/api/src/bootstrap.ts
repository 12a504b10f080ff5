// The first server administrator, created when the database has no users (console start, demo seed).
import fs from 'node:fs';
import path from 'node:path';

import { ensureInitialAdmin } from '@cc/auth';
import type { PrismaClient } from '@cc/db';
import type { Logger } from '@cc/log';

import { SYSTEM_ACTOR, writeAudit } from './services/audit/write-audit';

export const INITIAL_ADMIN_FILE = 'initial-admin.json';

/**
 * Creates the administrator once (audited). A generated password goes only into
 * `<dataDir>/initial-admin.json` (mode 0600): never into a log, which outlives it and travels further.
 */
export async function bootstrapAdmin(
  prisma: PrismaClient,
  opts: { email: string; password: string | undefined; dataDir: string; log: Logger },
): Promise<void> {
  const admin = await ensureInitialAdmin(prisma, { email: opts.email, password: opts.password });
  if (!admin.created) return;
  await writeAudit(prisma, SYSTEM_ACTOR, {
    action: 'user.bootstrap',
    targetType: 'user',
    targetName: admin.email,
    after: { email: admin.email, role: 'SERVER_ADMIN' },
    outcome: 'SUCCESS',
  });
  if (!admin.generatedPassword) {
    opts.log.info({ email: admin.email }, 'created the initial administrator (password from CC_ADMIN_PASSWORD)');
    return;
  }
  const file = path.join(opts.dataDir, INITIAL_ADMIN_FILE);
  fs.mkdirSync(opts.dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ email: admin.email, password: admin.generatedPassword }), {
    mode: 0o600,
  });
  fs.chmodSync(file, 0o600); // an older file keeps its mode through writeFileSync
  opts.log.warn(
    { email: admin.email, file },
    `created the initial administrator; its one-time password is in ${file} (mode 0600): sign in, change it, delete the file`,
  );
}
