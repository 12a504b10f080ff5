import os from 'node:os';

import type { Database } from '@cc/db';

import { errorMessage } from '../../errors';
import { startHealth } from '../health/run';
import { Collector, type CollectorOptions } from './collector';

/** Advisory-lock key that elects the one console process running the collector. */
const COLLECTOR_LOCK_KEY = 0x43430001;

export interface CollectorLeadership {
  /** Whether this process currently runs the collector. */
  isLeader(): boolean;
  stop(): Promise<void>;
}

/**
 * Runs the collector in exactly one console process. Whoever holds a session-level advisory lock
 * collects; if that process (or its connection) dies, PostgreSQL releases the lock and another
 * process takes over within `retryMs`. The holder also heartbeats `collector_lease` for the UI.
 */
export function runCollectorWhenLeader(
  opts: CollectorOptions & {
    retryMs?: number;
    heartbeatMs?: number;
    /** Started beside the collector while this process leads; returns its stop. Default: health findings. */
    whileLeading?: () => () => void;
  },
): CollectorLeadership {
  const { db } = opts;
  const holder = `${os.hostname()}:${process.pid}`;
  const retryMs = opts.retryMs ?? 2000;
  const heartbeatMs = opts.heartbeatMs ?? 1000;
  let stopped = false;
  let leader = false;
  let collector: Collector | null = null;
  let conn: Awaited<ReturnType<Database['connectDedicated']>> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopFollowers: (() => void) | null = null;

  const step = async () => {
    try {
      let began = false;
      if (!leader) {
        conn ??= await db.connectDedicated();
        const [row] = await conn.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
          COLLECTOR_LOCK_KEY,
        ]);
        if (!row?.locked) return;
        leader = true;
        began = true;
        opts.log?.(`collector: ${holder} is now collecting`);
        collector = new Collector(opts);
        collector.start();
        stopFollowers = opts.whileLeading ? opts.whileLeading() : startHealth(db.prisma, opts.secrets, opts.log);
      }
      // Heartbeat through the lock's own connection: if it is gone, so is the lock. On taking over (or
      // back, after an outage) it also records when it began and the last heartbeat before: readers
      // count no node's silence in between, so nobody is Down on the old timestamps alone (downBefore).
      await conn?.query(
        began
          ? `INSERT INTO collector_lease (id, holder, "heartbeatAt", "leadingSince") VALUES (1, $1, now(), now())
             ON CONFLICT (id) DO UPDATE SET holder = EXCLUDED.holder, "heartbeatAt" = now(), "leadingSince" = now(),
               "previousHeartbeatAt" = collector_lease."heartbeatAt"`
          : `INSERT INTO collector_lease (id, holder, "heartbeatAt") VALUES (1, $1, now())
             ON CONFLICT (id) DO UPDATE SET holder = EXCLUDED.holder, "heartbeatAt" = now()`,
        [holder],
      );
    } catch (e) {
      opts.log?.(`collector: lost leadership (${errorMessage(e)})`);
      collector?.stop();
      collector = null;
      stopFollowers?.();
      stopFollowers = null;
      leader = false;
      await conn?.close().catch(() => undefined);
      conn = null;
    }
  };

  const loop = async () => {
    if (stopped) return;
    await step();
    if (!stopped) timer = setTimeout(() => void loop(), leader ? heartbeatMs : retryMs);
  };
  void loop();

  return {
    isLeader: () => leader,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      collector?.stop();
      stopFollowers?.();
      if (leader) await conn?.query('SELECT pg_advisory_unlock($1)', [COLLECTOR_LOCK_KEY]).catch(() => undefined);
      await conn?.close().catch(() => undefined);
    },
  };
}
