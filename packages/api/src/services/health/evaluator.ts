import type { PrismaClient } from '@cc/db';

import { errorMessage } from '../../errors';
import { statusEvents } from '../collector/events';
import type { NodeState } from '../nodes/node-state';
import { CertificateExpiry } from './certificates';
import { ControllerWatch } from './controller-watch';
import { evaluate } from './rules';
import { readSnapshot } from './snapshot';
import { reconcileFindings, type Reconciled } from './store';
import type { Condition } from './types';

export interface EvaluatorOptions {
  prisma: PrismaClient;
  intervalMs?: number;
  /** Called after findings opened or closed (the dispatcher sends their notifications at once). */
  onChange?: (r: Reconciled) => void;
  log?: (msg: string) => void;
}

/** Down transitions older than this are forgotten (the flapping window is at most a day). */
const FLAP_MEMORY_MS = 24 * 3_600_000;

/**
 * Turns what the collector and the workers stored into findings, every interval and right after each
 * collector round lands (same process: it runs beside the collector in the leader). What must be
 * remembered between rounds (Down transitions, since when a sustained condition holds) is kept in
 * memory: a new leader starts those clocks afresh, so it raises them later rather than falsely.
 */
export class HealthEvaluator {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private readonly prevState = new Map<string, NodeState>();
  private readonly downTransitions = new Map<string, number[]>();
  private readonly holdingSince = new Map<string, number>();
  /** Agents' certificate expiry dates, fetched in the background (public for tests: settled()). */
  readonly certificates = new CertificateExpiry();
  private readonly controller: ControllerWatch;
  private readonly onStatus = () => void this.tick();

  constructor(private readonly o: EvaluatorOptions) {
    this.controller = new ControllerWatch(o.prisma);
  }

  start(): this {
    if (this.timer) return this;
    this.timer = setInterval(() => void this.tick(), this.o.intervalMs ?? 1000);
    statusEvents.on('changed', this.onStatus);
    void this.tick();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    statusEvents.off('changed', this.onStatus);
  }

  /** One evaluation; a call while one runs makes it run once more afterwards (never two at once). */
  tick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.evaluateOnce()
      .catch((e) => this.o.log?.(`health evaluation failed: ${errorMessage(e)}`))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          void this.tick();
        }
      });
    return this.running;
  }

  private async evaluateOnce(): Promise<void> {
    const now = Date.now();
    const snapshot = await readSnapshot(this.o.prisma, this.downTransitions, now);
    this.trackTransitions(snapshot.nodes, now);
    await this.controller.observe(snapshot.nodes);
    const notAfter = this.certificates.lookup(snapshot.nodes, now);
    for (const n of snapshot.nodes) n.certNotAfter = notAfter.get(n.id) ?? null;
    const { ready, pending } = this.held(evaluate(snapshot), now);
    const r = await reconcileFindings(this.o.prisma, ready, new Date(now), pending);
    if (r.opened.length || r.closed.length) this.o.onChange?.(r);
  }

  private trackTransitions(nodes: Array<{ id: string; state: NodeState }>, now: number): void {
    const seen = new Set<string>();
    for (const n of nodes) {
      seen.add(n.id);
      const prev = this.prevState.get(n.id);
      if (n.state === 'down' && prev !== undefined && prev !== 'down' && prev !== 'unknown') {
        const list = (this.downTransitions.get(n.id) ?? []).filter((t) => now - t < FLAP_MEMORY_MS);
        list.push(now);
        this.downTransitions.set(n.id, list);
      }
      if (n.state !== 'unknown') this.prevState.set(n.id, n.state);
    }
    for (const id of [...this.prevState.keys()]) {
      if (seen.has(id)) continue;
      this.prevState.delete(id);
      this.downTransitions.delete(id);
    }
  }

  /**
   * Conditions with holdMs open a finding only after holding that long without a break; until then
   * they are pending (an already open finding stays open, e.g. after a leader change reset the clock).
   */
  private held(conditions: Condition[], now: number): { ready: Condition[]; pending: Set<string> } {
    const keys = new Set(conditions.map((c) => c.key));
    for (const k of [...this.holdingSince.keys()]) if (!keys.has(k)) this.holdingSince.delete(k);
    const ready: Condition[] = [];
    const pending = new Set<string>();
    for (const c of conditions) {
      const since = this.holdingSince.get(c.key) ?? now;
      if (c.holdMs) this.holdingSince.set(c.key, since);
      if (!c.holdMs || now - since >= c.holdMs) ready.push(c);
      else pending.add(c.key);
    }
    return { ready, pending };
  }
}
