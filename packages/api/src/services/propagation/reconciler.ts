// Pushes the desired configuration revision to every node that reports an
// older one. Runs on every console process: right after a local commit (the
// signal) and on a sweep, which also catches nodes that were down and came
// back, and changes committed by a process that died before pushing.
import type { PrismaClient } from '@cc/db';
import { createLogger } from '@cc/log';

import { errorMessage } from '../../errors';
import { SYSTEM_ACTOR, writeAudit } from '../audit/write-audit';
import { DOWN_AFTER_MS } from '../nodes/node-state';
import { clientForNode } from '../nodes/node-client';
import type { SecretBox } from '../secrets/secret-box';
import { keepsAccountSet, pushSnapshot } from './account-set';
import { onConfigChange } from './signal';
import { buildSnapshot, desiredRevision, type BuiltSnapshot, type LeftOut } from './snapshot';

const log = createLogger('reconciler');

export interface ReconcilerOptions {
  prisma: PrismaClient;
  secrets: SecretBox;
  timeoutMs?: number;
  concurrency?: number;
  /** Accounts per staged page for nodes that start over (default and maximum: the API's 5000). */
  stagePageSize?: number;
}

export interface PushOutcome {
  node: string;
  ok: boolean;
  revision?: number;
  error?: string;
}

/** After a successful push, wait this long for the node's status to confirm before pushing again. */
const CONFIRM_MS = 3000;
const MAX_BACKOFF_MS = 30_000;

interface PushState {
  revision: bigint;
  at: number;
  ok: boolean;
  failures: number;
}

export class Reconciler {
  private readonly pushed = new Map<string, PushState>();
  /** Left-out objects already logged and audited by this process (once each, not every sweep). */
  private readonly reported = new Set<string>();
  private running: Promise<PushOutcome[]> | null = null;
  private again = false;

  constructor(private readonly opts: ReconcilerOptions) {}

  /** One pass; concurrent calls share the pass in flight and queue one more. */
  reconcile(): Promise<PushOutcome[]> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.reconcile().catch((e: unknown) => log.error({ err: errorMessage(e) }, 'reconcile pass failed'));
      }
    });
    return this.running;
  }

  /** Sweeps every `intervalMs` and reacts to local commits at once. Returns a stop function. */
  start(intervalMs = 1000): () => void {
    const run = () =>
      void this.reconcile().catch((e: unknown) => log.error({ err: errorMessage(e) }, 'reconcile pass failed'));
    const off = onConfigChange(run);
    const timer = setInterval(run, intervalMs);
    timer.unref();
    run();
    return () => {
      off();
      clearInterval(timer);
    };
  }

  private async pass(): Promise<PushOutcome[]> {
    const { prisma } = this.opts;
    const desired = await desiredRevision(prisma);
    if (desired === 0n) return [];
    const nodes = await prisma.node.findMany({
      select: {
        id: true,
        name: true,
        adminUrl: true,
        tokenEnc: true,
        tlsFingerprint: true,
        status: { select: { configRevision: true, lastSeenAt: true, capabilities: true } },
      },
    });
    const now = Date.now();
    const due = nodes.filter((n) => {
      const applied = n.status?.configRevision ?? 0n;
      if (applied >= desired) {
        this.pushed.delete(n.id);
        return false;
      }
      // A node that stopped answering is skipped until the collector hears from it again.
      const seen = n.status?.lastSeenAt;
      if (seen && now - seen.getTime() > DOWN_AFTER_MS) return false;
      const last = this.pushed.get(n.id);
      if (!last) return true;
      // A newer revision is always tried at once: a node that refused (or missed) one revision
      // must not wait out the backoff for the next, which may well be fine.
      if (last.revision < desired) return true;
      if (last.ok) return now - last.at > CONFIRM_MS;
      return now - last.at >= Math.min(MAX_BACKOFF_MS, 500 * 2 ** last.failures);
    });
    if (due.length === 0) return [];

    // Nodes at the same revision get the same snapshot; usually there is one group. A snapshot that
    // cannot be built at all fails only the pushes that need it, never the pass.
    const snapshots = new Map<bigint, Promise<BuiltSnapshot | null | Error>>();
    const snapshotFor = (from: bigint) => {
      let s = snapshots.get(from);
      if (!s) {
        s = buildSnapshot(prisma, from).catch((e: unknown) => (e instanceof Error ? e : new Error(errorMessage(e))));
        snapshots.set(from, s);
      }
      return s;
    };
    // Fail closed: no node is pushed to unless this is on record (a failed write ends the pass).
    await writeAudit(prisma, SYSTEM_ACTOR, {
      action: 'config.push',
      targetType: 'config-revision',
      targetId: String(desired),
      after: { nodes: due.map((n) => n.name) },
      outcome: 'STARTED',
    });
    const outcomes = await mapLimit(due, this.opts.concurrency ?? 32, async (n): Promise<PushOutcome | null> => {
      const built = await snapshotFor(n.status?.configRevision ?? 0n);
      if (!built) return null;
      if (built instanceof Error) {
        const error = `the configuration could not be built: ${built.message}`;
        this.failed(n.id, desired);
        await this.record(n.id, desired, error);
        return { node: n.name, ok: false, revision: Number(desired), error };
      }
      const { snapshot, leftOut } = built;
      const revision = BigInt(snapshot.revision);
      try {
        const client = clientForNode(n, this.opts.secrets, this.opts.timeoutMs ?? 3000);
        // A reset stages the whole account set first, to nodes that keep one (Dovecot and Postfix
        // write every account from it); others only drop their cached overrides.
        const stage = keepsAccountSet(n.status?.capabilities);
        const res = await pushSnapshot(prisma, client, snapshot, this.opts.stagePageSize, stage);
        this.pushed.set(n.id, { revision: BigInt(res.revision), at: Date.now(), ok: true, failures: 0 });
        await this.record(n.id, BigInt(res.revision), null, leftOutNote(leftOut));
        return { node: n.name, ok: true, revision: res.revision };
      } catch (e) {
        this.failed(n.id, revision);
        await this.record(n.id, revision, errorMessage(e));
        return { node: n.name, ok: false, revision: snapshot.revision, error: errorMessage(e) };
      }
    });
    await this.reportLeftOut(desired, [...snapshots.values()]);
    const done = outcomes.filter((o): o is PushOutcome => o !== null);
    if (done.length > 0) {
      await writeAudit(prisma, SYSTEM_ACTOR, {
        action: 'config.push',
        targetType: 'config-revision',
        targetId: String(desired),
        after: { nodes: done },
        outcome: done.every((o) => o.ok) ? 'SUCCESS' : 'FAILURE',
        ...(done.some((o) => !o.ok) && {
          error: done
            .filter((o) => !o.ok)
            .map((o) => `${o.node}: ${o.error}`)
            .join('; '),
        }),
      });
    }
    return done;
  }

  private failed(nodeId: string, revision: bigint): void {
    const failures = (this.pushed.get(nodeId)?.failures ?? 0) + 1;
    this.pushed.set(nodeId, { revision, at: Date.now(), ok: false, failures });
  }

  /**
   * `error` set: the push failed. `note` set on success: the node applied the revision without the
   * objects named (shown with the propagation status).
   */
  private async record(nodeId: string, revision: bigint, error: string | null, note: string | null = null) {
    const data = { revision, at: new Date(), ok: error === null, error: error ?? note };
    // The node may have been removed meanwhile; its push record goes with it.
    await this.opts.prisma.nodeConfigPush
      .upsert({ where: { nodeId }, create: { nodeId, ...data }, update: data })
      .catch(() => undefined);
  }

  /** Logs and audits (FAILURE) each object left out of a snapshot, once per process. */
  private async reportLeftOut(revision: bigint, built: Array<Promise<BuiltSnapshot | null | Error>>) {
    const items = new Map<string, LeftOut>();
    for (const b of await Promise.all(built)) {
      if (!b || b instanceof Error) continue;
      for (const item of b.leftOut) items.set(`${item.kind}\u0000${item.id}\u0000${item.error}`, item);
    }
    for (const [key, item] of items) {
      if (this.reported.has(key)) continue;
      log.error(
        { revision: String(revision), kind: item.kind, id: item.id, error: item.error },
        `revision ${revision} goes out without ${item.kind} ${item.id}: ${item.error}`,
      );
      const written = await writeAudit(this.opts.prisma, SYSTEM_ACTOR, {
        action: 'config.push',
        targetType: item.kind,
        targetId: item.id,
        ...(item.domain && { domain: item.domain }),
        after: { revision: String(revision) },
        outcome: 'FAILURE',
        error: `left out of the configuration sent to the nodes: ${item.error}`,
      }).then(
        () => true,
        () => false, // logged by writeAudit; tried again on the next pass
      );
      if (written) this.reported.add(key);
    }
  }
}

/** The push status line for a revision applied without some objects. */
function leftOutNote(leftOut: LeftOut[]): string | null {
  if (leftOut.length === 0) return null;
  const named = leftOut.slice(0, 3).map((i) => `${i.kind} ${i.id} (${i.error})`);
  const more = leftOut.length > 3 ? ` and ${leftOut.length - 3} more` : '';
  return `applied without ${named.join(', ')}${more}`;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
