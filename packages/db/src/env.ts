// The database package's settings, validated in one place (the console's own are in @cc/api env.ts).
import { z } from 'zod';

const ZDbEnv = z.object({
  /** Where the embedded database and the console's files live. */
  CC_DATA_DIR: z.string().min(1).optional(),
  /** Connections in the console's PostgreSQL pool. */
  CC_DB_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
  /** prisma/migrations, when the process does not run inside the repository (a packaged console). */
  CC_MIGRATIONS_DIR: z.string().min(1).optional(),
});
export type DbEnv = z.infer<typeof ZDbEnv>;

/** Read at each use (tests switch CC_DATA_DIR); a wrong value throws naming the variable. */
export function dbEnv(source: NodeJS.ProcessEnv = process.env): DbEnv {
  const parsed = ZDbEnv.safeParse(source);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`Invalid database configuration: ${issue?.path.join('.')}: ${issue?.message}`);
}
