export {
  openDatabase,
  dataRoot,
  defaultPgliteDir,
  type Database,
  type DatabaseKind,
  type Listener,
  type ListenHandlers,
  type OpenOptions,
} from './open';
export { applyMigrations, readMigrations, findMigrationsDir, type Migration } from './migrate';
export type { SqlRunner } from './sql';
export { PrismaClient, Prisma } from './generated/prisma/client';
export * from './generated/prisma/enums';
export type * from './generated/prisma/models';
export {
  databaseHealth,
  isDatabaseUnavailable,
  DATABASE_RETRY_AFTER_SECONDS,
  DATABASE_UNAVAILABLE_MESSAGE,
} from './outage';
export { dbEnv, type DbEnv } from './env';
export { backupPglite, restorePglite, readBackup, pgliteInUse, type BackupManifest } from './backup';
