import { createNodeClient } from '@cc/node-api';
import type { Database } from '@cc/db';

import { errorMessage } from '../../errors';
import type { SecretBox } from '../secrets/secret-box';
import { announceStatusChange } from './events';
import { saveFailures, saveSamples, saveSuccesses, type PollFailure, type PollSuccess } from './poll-results';

export interface CollectorOptions {
  db: Database;
  secrets: SecretBox;
  /** How often every node is asked for its status. */
  intervalMs?: number;
  /** Per-node request budget; a slow node never delays the others. */
  timeoutMs?: number;
  /** At most this many requests in flight. */
  concurrency?: number;
  /** Load history resolution and how long it is kept. */
  sampleEveryMs?: number;
  retentionMs?: number;
  log?: (msg: string) => void;
}

interface Target {
  id: string;
  adminUrl: string;
  token: string;
}

/**
 * Keeps every node's status fresh: each interval, every node not already being asked is polled (bounded
 * concurrency, per-node timeout), and the results of the tick are written in one batch.
 */
export class Collector {
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<string>();
  private successes: PollSuccess[] = [];
  private failures: PollFailure[] = [];
  private lastSampleAt = new Map<string, number>();
  private lastPruneAt = 0;
  private active = 0;
  private readonly queue: Array<() => void> = [];
  private targets: Target[] = [];
  private tokenCache = new Map<string, { sealed: string; token: string }>();
  private ticking = false;
  private readonly o: Required<Omit<CollectorOptions, 'log'>> & Pick<CollectorOptions, 'log'>;

  constructor(options: CollectorOptions) {
    this.o = {
      intervalMs: 1000,
      timeoutMs: 1500,
      concurrency: 64,
      sampleEveryMs: 2000,
      retentionMs: 24 * 60 * 60 * 1000,
      ...options,
    };
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.o.intervalMs);
    void this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  get running(): boolean {
    return this.timer !== null;
  }

  /** One round: refresh the node list, launch polls, flush what finished since the last round. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await this.loadTargets();
      for (const t of this.targets) {
        if (!this.inFlight.has(t.id)) void this.poll(t);
      }
      await this.flush();
      await this.prune();
    } catch (e) {
      this.o.log?.(`collector tick failed: ${errorMessage(e)}`);
    } finally {
      this.ticking = false;
    }
  }

  private async loadTargets(): Promise<void> {
    const nodes = await this.o.db.prisma.node.findMany({ select: { id: true, adminUrl: true, tokenEnc: true } });
    this.targets = nodes.map((n) => ({ id: n.id, adminUrl: n.adminUrl, token: this.token(n.id, n.tokenEnc) }));
  }

  private token(id: string, sealed: string): string {
    const cached = this.tokenCache.get(id);
    if (cached?.sealed === sealed) return cached.token;
    const token = this.o.secrets.open(sealed);
    this.tokenCache.set(id, { sealed, token });
    return token;
  }

  private async poll(t: Target): Promise<void> {
    this.inFlight.add(t.id);
    await this.acquire();
    try {
      const client = createNodeClient({ baseUrl: t.adminUrl, token: t.token, timeoutMs: this.o.timeoutMs });
      const [info, status] = await Promise.all([client.info(), client.status()]);
      this.successes.push({ nodeId: t.id, at: new Date(), info, status });
    } catch (e) {
      const error = errorMessage(e);
      this.failures.push({ nodeId: t.id, at: new Date(), error });
    } finally {
      this.release();
      this.inFlight.delete(t.id);
    }
  }

  /** Writes what arrived; results for nodes removed meanwhile are dropped, not resurrected. */
  async flush(): Promise<void> {
    const known = new Set(this.targets.map((t) => t.id));
    const ok = this.successes.splice(0).filter((r) => known.has(r.nodeId));
    const failed = this.failures.splice(0).filter((r) => known.has(r.nodeId));
    // Keep only the newest result per node.
    const latestOk = [...new Map(ok.map((r) => [r.nodeId, r])).values()];
    const latestFailed = [...new Map(failed.map((r) => [r.nodeId, r])).values()];
    const now = Date.now();
    const samples = latestOk.filter((r) => now - (this.lastSampleAt.get(r.nodeId) ?? 0) >= this.o.sampleEveryMs);
    try {
      await saveSuccesses(this.o.db.sql, latestOk);
      await saveFailures(this.o.db.sql, latestFailed);
      await saveSamples(this.o.db.sql, samples);
      for (const s of samples) this.lastSampleAt.set(s.nodeId, now);
      if (latestOk.length || latestFailed.length) announceStatusChange();
    } catch (e) {
      // A node removed between loadTargets and the write (foreign key): the next tick drops it.
      this.o.log?.(`collector flush failed: ${errorMessage(e)}`);
    }
  }

  private async prune(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPruneAt < 60_000) return;
    this.lastPruneAt = now;
    await this.o.db.sql.query('DELETE FROM node_load_sample WHERE at < $1', [new Date(now - this.o.retentionMs)]);
  }

  private acquire(): Promise<void> {
    if (this.active < this.o.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(() => (this.active++, resolve())));
  }

  private release(): void {
    this.active--;
    this.queue.shift()?.();
  }
}
