// `npm run collector`: the collector as a process of its own, for large clusters on PostgreSQL. The
// console's web process then serves pages without sharing its event loop with a thousand polls a
// second (start the consoles with CC_COLLECTOR=off). Leadership is the same advisory lock the
// consoles use: run two of these and the second waits, taking over within seconds if the first dies.
import fs from 'node:fs';
import path from 'node:path';

import { dataRoot, openDatabase } from '@cc/db';
import { createLogger } from '@cc/log';

import { readEnv, type Env } from './env';
import { errorMessage } from './errors';
import { runCollectorWhenLeader } from './services/collector';
import { loadMasterKey, SecretBox } from './services/secrets/secret-box';

export interface CollectorProcessOptions {
  env?: Env;
  /** Aborted on SIGTERM/SIGINT: the lock is released and the process ends. */
  signal: AbortSignal;
  /** The one-line reason it cannot run (exit 2); the running collector's own lines go to the JSON log. */
  print?: (line: string) => void;
}

/** Exit code: 0 stopped cleanly, 2 cannot run (wrong setup, database unreachable). */
export async function runCollectorProcess({
  env = readEnv(),
  signal,
  print = console.error,
}: CollectorProcessOptions): Promise<number> {
  if (!env.DATABASE_URL) {
    print(
      'collector: needs DATABASE_URL (PostgreSQL). The embedded database belongs to the console process, which collects itself.',
    );
    return 2;
  }
  // Node tokens are sealed with the console's master key: never make a new one here.
  const root = env.CC_DATA_DIR ?? dataRoot();
  if (!env.CC_SECRET_KEY && !fs.existsSync(path.join(root, 'secret.key'))) {
    print(
      `collector: no master key: set CC_SECRET_KEY as the consoles have it, or CC_DATA_DIR to a console's data directory (no ${path.join(root, 'secret.key')}).`,
    );
    return 2;
  }
  let db: Awaited<ReturnType<typeof openDatabase>>;
  try {
    db = await openDatabase({ url: env.DATABASE_URL });
  } catch (e) {
    print(`collector: cannot open the database: ${errorMessage(e)}`);
    return 2;
  }
  const secrets = new SecretBox(loadMasterKey(env.CC_SECRET_KEY, root));
  const log = createLogger('collector', { level: env.CC_LOG_LEVEL });
  const leadership = runCollectorWhenLeader({
    db,
    secrets,
    intervalMs: env.CC_POLL_INTERVAL_MS,
    timeoutMs: env.CC_POLL_TIMEOUT_MS,
    log: (m) => log.info(m),
  });
  log.info({ database: db.description }, 'collector started; waiting for the collector lock');
  if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  await leadership.stop();
  await db.close();
  log.info('collector stopped');
  return 0;
}
