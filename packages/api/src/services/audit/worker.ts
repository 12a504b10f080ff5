import type { PrismaClient } from '@cc/db';
import { createLogger } from '@cc/log';

import { errorMessage } from '../../errors';
import { archiveExpiredEntries } from './archive';
import { chainMonitor } from './chain-status';
import { AuditForwarder } from './syslog';

const auditLog = createLogger('audit');

export interface AuditWorkerOptions {
  prisma: PrismaClient;
  dataDir: string;
  log?: (message: string) => void;
  forwardEveryMs?: number;
  /** Retention archiving and a full chain check. */
  maintainEveryMs?: number;
}

/**
 * The audit log's background work in a console process: syslog forwarding (one process at a time,
 * by lease), the retention archive and an hourly full chain check that logs a broken chain loudly.
 * Returns a stop function.
 */
export function startAuditWorker(opts: AuditWorkerOptions): () => void {
  const log = opts.log ?? ((m: string) => auditLog.info(m));
  const stopForwarder = new AuditForwarder({ prisma: opts.prisma, log }).start(opts.forwardEveryMs ?? 1000);
  let busy = false;
  const maintain = async () => {
    if (busy) return;
    busy = true;
    try {
      const archived = await archiveExpiredEntries({ prisma: opts.prisma, dataDir: opts.dataDir });
      if (archived) log(`archived entries ${archived.firstId}-${archived.lastId} to ${archived.file}`);
      const chain = await chainMonitor(opts.prisma).status({ full: true });
      if (!chain.intact) log(`AUDIT CHAIN BROKEN at entry ${chain.brokenAt}: ${chain.reason}`);
    } catch (e) {
      log(`maintenance failed: ${errorMessage(e)}`);
    } finally {
      busy = false;
    }
  };
  // Several processes may archive at once: the archive takes the chain lock, and the second finds nothing old.
  const every = opts.maintainEveryMs ?? 60 * 60_000;
  const first = setTimeout(() => void maintain(), Math.min(every, 5 * 60_000));
  const timer = setInterval(() => void maintain(), every);
  first.unref();
  timer.unref();
  return () => {
    stopForwarder();
    clearTimeout(first);
    clearInterval(timer);
  };
}
