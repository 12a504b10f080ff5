// `npm run db:backup [-- <dir>]` and `npm run db:restore -- <dir>`: backups of the embedded database
// (PGlite in CC_DATA_DIR) with the master key. The console must be stopped (PGlite is single-process).
// A restore goes into a fresh CC_DATA_DIR and ends with the audit chain checked. Exit 0 ok, 1 refused
// or failed, 2 usage. PostgreSQL deployments use pg_dump (README, "Production").
import path from 'node:path';

import { backupPglite, dataRoot, openDatabase, pgliteInUse, restorePglite } from '@cc/db';

import { readEnv } from './env';
import { errorMessage } from './errors';
import { verifyAuditChain } from './services/audit/verify';

type Print = (line: string) => void;

function locations() {
  const env = readEnv();
  if (env.DATABASE_URL) throw new Error('DATABASE_URL is set: back up PostgreSQL with pg_dump instead');
  const root = env.CC_DATA_DIR ? path.resolve(env.CC_DATA_DIR) : dataRoot();
  return { root, pgliteDir: path.join(root, 'pglite') };
}

export async function runBackup(argv: string[], print: Print = console.log): Promise<number> {
  const force = argv.includes('--force');
  const args = argv.filter((a) => a !== '--force');
  if (args.length > 1 || args.some((a) => a.startsWith('-'))) {
    print('usage: db:backup [<directory>] [--force]   (--force: the console is stopped but left its lock file)');
    return 2;
  }
  try {
    const { root, pgliteDir } = locations();
    if (pgliteInUse(pgliteDir) && !force) {
      print(`db:backup refused: ${pgliteDir} is open in a running console; stop it first`);
      return 1;
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const outDir = path.resolve(args[0] ?? path.join(root, 'backups', stamp));
    const manifest = await backupPglite({ pgliteDir, dataRoot: root, outDir });
    const bytes = Object.values(manifest.files).reduce((n, f) => n + f.bytes, 0);
    print(
      `backup written to ${outDir} (${(bytes / 1048576).toFixed(1)} MiB, migration ${manifest.migration ?? 'none'})`,
    );
    if (manifest.files['secret.key']) print('it holds the master key: keep it as secret as the key itself');
    return 0;
  } catch (e) {
    print(`db:backup failed: ${errorMessage(e)}`);
    return 1;
  }
}

export async function runRestore(argv: string[], print: Print = console.log): Promise<number> {
  if (argv.length !== 1 || argv[0]?.startsWith('-')) {
    print('usage: db:restore <backup directory>   (into a fresh CC_DATA_DIR)');
    return 2;
  }
  try {
    const { root, pgliteDir } = locations();
    const manifest = await restorePglite({ backupDir: path.resolve(argv[0] ?? ''), pgliteDir, dataRoot: root });
    const db = await openDatabase({ dataDir: pgliteDir, migrate: false });
    try {
      const [users, nodes, domains, accounts] = await Promise.all([
        db.prisma.user.count(),
        db.prisma.node.count(),
        db.prisma.sharedDomain.count(),
        db.prisma.mailAccount.count(),
      ]);
      const chain = await verifyAuditChain(db.prisma, {});
      print(
        `restored backup of ${manifest.createdAt} into ${root}: ${users} users, ${nodes} nodes, ${domains} domains, ${accounts} accounts`,
      );
      print(
        chain.intact
          ? `audit chain intact (${chain.checked} entries)`
          : `audit chain broken at entry ${chain.brokenAt}: ${chain.reason}`,
      );
      return chain.intact ? 0 : 1;
    } finally {
      await db.close();
    }
  } catch (e) {
    print(`db:restore failed: ${errorMessage(e)}`);
    return 1;
  }
}
