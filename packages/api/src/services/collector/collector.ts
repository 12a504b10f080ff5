import { sharedNodeFetch, type NodeInfo, type NodeStatus, type NodeTls } from '@cc/node-api';
import type { Database } from '@cc/db';

import { errorMessage } from '../../errors';
import { maintainHistory } from '../history/rollup';
import { nodeClient } from '../nodes/node-client';
import { tlsForNode } from '../nodes/node-tls';
import { recordCollectorRound } from '../metrics/registry';
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
  /**
   * How long a node's info (id, version, start time, capabilities) is reused before it is asked again;
   * it is asked at once after a failed poll (the node may have restarted) or a version change.
   */
  infoRefreshMs?: number;
  /** Raw load history resolution (how long each tier is kept: services/history/rollup.ts). */
  sampleEveryMs?: number;
  log?: (msg: string) => void;
}

/** Polls started together, and the gap between slices (see launch). */
const SLICE_POLLS = 50;
const SLICE_MS = 25;

interface Target {
  id: string;
  adminUrl: string;
  token: string;
  tls: NodeTls | undefined;
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
  private lastHistoryAt = 0;
  private active = 0;
  private readonly queue: Array<() => void> = [];
  private targets: Target[] = [];
  private infoCache = new Map<string, { info: NodeInfo; at: number }>();
  private readonly fetch = sharedNodeFetch();
  private ticking = false;
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  /** Slices of polls still to start, and the first mid-interval flush. */
  private readonly pending = new Set<NodeJS.Timeout>();
  private readonly o: Required<Omit<CollectorOptions, 'log'>> & Pick<CollectorOptions, 'log'>;

  constructor(options: CollectorOptions) {
    this.o = {
      intervalMs: 1000,
      timeoutMs: 1500,
      concurrency: 64,
      infoRefreshMs: 10_000,
      sampleEveryMs: 2000,
      ...options,
    };
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.o.intervalMs);
    // Results also go out half-way through a round, so a report waits at most half an interval.
    this.later(() => {
      // Live views re-read on the round's own flush (or their own timer): not twice a round.
      this.flushTimer = setInterval(() => void this.flush({ announce: false }), this.o.intervalMs);
    }, this.o.intervalMs / 2);
    void this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.flushTimer) clearInterval(this.flushTimer);
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
    this.timer = null;
    this.flushTimer = null;
  }

  get running(): boolean {
    return this.timer !== null;
  }

  /** Resolves once every poll launched so far has answered or timed out (one-off collections, tests). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0 || this.pending.size > 0) await new Promise((r) => setTimeout(r, 10));
  }

  /** One round: refresh the node list, launch polls, flush what finished since the last round. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    const started = performance.now();
    try {
      await this.loadTargets();
      this.launch(this.targets.filter((t) => !this.inFlight.has(t.id)));
      await this.flush();
      await this.maintainHistory();
    } catch (e) {
      this.o.log?.(`collector tick failed: ${errorMessage(e)}`);
    } finally {
      this.ticking = false;
      recordCollectorRound(performance.now() - started);
    }
  }

  /**
   * Starts the polls in slices of SLICE_POLLS spread over the first half of the interval rather than
   * all at once: a thousand answers arriving together kept the event loop busy for a few hundred
   * milliseconds a second, and every page served meanwhile waited. Small clusters go in one slice.
   */
  private launch(targets: Target[]): void {
    for (let i = 0, slice = 0; i < targets.length; i += SLICE_POLLS, slice++) {
      const batch = targets.slice(i, i + SLICE_POLLS);
      const start = () => batch.forEach((t) => void this.poll(t));
      if (slice === 0) start();
      else this.later(start, Math.min(this.o.intervalMs / 2, slice * SLICE_MS));
    }
  }

  private later(fn: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      fn();
    }, ms);
    this.pending.add(timer);
  }

  private async loadTargets(): Promise<void> {
    const nodes = await this.o.db.prisma.node.findMany({
      select: { id: true, adminUrl: true, tokenEnc: true, tlsFingerprint: true },
    });
    this.targets = nodes.map((n) => ({
      id: n.id,
      adminUrl: n.adminUrl,
      // The secret box keeps opened tokens: a changed token is a new sealed text, opened once.
      token: this.o.secrets.open(n.tokenEnc),
      tls: tlsForNode(n),
    }));
  }

  private async poll(t: Target): Promise<void> {
    this.inFlight.add(t.id);
    await this.acquire();
    try {
      const client = nodeClient({
        baseUrl: t.adminUrl,
        token: t.token,
        timeoutMs: this.o.timeoutMs,
        fetch: this.fetch,
        ...(t.tls && { tls: t.tls }),
      });
      const status = await client.status();
      let cached = this.infoCache.get(t.id);
      if (!cached || this.infoStale(cached, status)) {
        cached = { info: await client.info(), at: Date.now() };
        this.infoCache.set(t.id, cached);
      }
      this.successes.push({ nodeId: t.id, at: new Date(), info: cached.info, status });
    } catch (e) {
      // Whoever answers next may be a restarted node (new id, version, start time): ask again.
      this.infoCache.delete(t.id);
      const error = errorMessage(e);
      this.failures.push({ nodeId: t.id, at: new Date(), error });
    } finally {
      this.release();
      this.inFlight.delete(t.id);
    }
  }

  /**
   * Status every poll, info only now and then: half the requests with a thousand nodes. A version
   * change (an upgrade restarts the node) is seen in the status and fetches the info at once.
   */
  private infoStale(cached: { info: NodeInfo; at: number }, status: NodeStatus): boolean {
    if (Date.now() - cached.at >= this.o.infoRefreshMs) return true;
    return status.upgrade !== undefined && status.upgrade.version !== cached.info.softwareVersion;
  }

  /** Writes what arrived; results for nodes removed meanwhile are dropped, not resurrected. One at a time. */
  flush({ announce = true } = {}): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushNow(announce));
    return this.flushing;
  }

  private async flushNow(announce: boolean): Promise<void> {
    const known = new Set(this.targets.map((t) => t.id));
    for (const id of this.infoCache.keys()) if (!known.has(id)) this.infoCache.delete(id);
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
      if (announce && (latestOk.length || latestFailed.length)) announceStatusChange();
    } catch (e) {
      // A node removed between loadTargets and the write (foreign key): the next tick drops it.
      this.o.log?.(`collector flush failed: ${errorMessage(e)}`);
    }
  }

  /** Rolls load history up and prunes it once a minute; only the leader collects, so only it runs this. */
  private async maintainHistory(): Promise<void> {
    const now = Date.now();
    if (now - this.lastHistoryAt < 60_000) return;
    this.lastHistoryAt = now;
    await maintainHistory(this.o.db.sql, now);
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
