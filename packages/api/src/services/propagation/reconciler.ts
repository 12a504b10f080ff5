// Pushes the desired configuration revision to every node that reports an
// older one. Runs on every console process: right after a local commit (the
// signal) and on a sweep, which also catches nodes that were down and came
// back, and changes committed by a process that died before pushing.
// A node usually gets only the revision's change (push.ts); its answer, the
// revision it now holds, is recorded at once (acks.ts), so "applied on N of M"
// does not wait for the collector's next report.
import type { PrismaClient } from '@cc/db';
import { createLogger } from '@cc/log';

import { errorMessage } from '../../errors';
import { SYSTEM_ACTOR, writeAudit } from '../audit/write-audit';
import { DOWN_AFTER_MS } from '../nodes/node-state';
import { fanOut } from '../nodes/fan-out';
import type { SecretBox } from '../secrets/secret-box';
import { PushRecorder } from './acks';
import { keepsAccountSet } from './account-set';
import { BuildError, PassContent, pushRevision, type PushResult } from './push';
import { onConfigChange } from './signal';
import { desiredRevision, type BuiltSnapshot, type LeftOut } from './snapshot';
import { appliedRevision } from './status';

const log = createLogger('reconciler');

export interface ReconcilerOptions {
  prisma: PrismaClient;
  secrets: SecretBox;
  timeoutMs?: number;
  /** Pushes in flight at once (default 128: a push is mostly waiting on the node). */
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
/** A whole push may stage a million accounts page by page: only each request has a short budget. */
const WHOLE_PUSH_MS = 15 * 60_000;

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
  /** Nodes that answered a change with 404/405 (an agent from before deltas): whole snapshots only. */
  private readonly snapshotsOnly = new Set<string>();
  private readonly recorder: PushRecorder;
  private running: Promise<PushOutcome[]> | null = null;
  private again = false;

  constructor(private readonly opts: ReconcilerOptions) {
    this.recorder = new PushRecorder(opts.prisma);
  }

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
        role: true,
        adminUrl: true,
        tokenEnc: true,
        tlsFingerprint: true,
        status: { select: { configRevision: true, lastSeenAt: true, capabilities: true } },
        configPush: { select: { ok: true, revision: true, at: true } },
      },
    });
    const now = Date.now();
    // What each node holds: its last report, or the answer to a push that report predates.
    const held = new Map(nodes.map((n) => [n.id, appliedRevision(n.status, n.configPush)]));
    const capabilities = new Map(nodes.map((n) => [n.id, n.status?.capabilities]));
    const due = nodes.filter((n) => {
      const applied = held.get(n.id) ?? 0n;
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

    // Nodes at the same revision get the same change (or snapshot); usually there is one group.
    const content = new PassContent(prisma);
    // Fail closed: no node is pushed to unless this is on record (a failed write ends the pass).
    await writeAudit(prisma, SYSTEM_ACTOR, {
      action: 'config.push',
      targetType: 'config-revision',
      targetId: String(desired),
      after: { nodes: due.map((n) => n.name) },
      outcome: 'STARTED',
    });
    const started = Date.now();
    // No per-node audit here: the revision's STARTED entry above and its closing entry below.
    const results = await fanOut<PushResult | null>(
      due.map(({ status, configPush: _push, ...n }) => ({
        ...n,
        state: 'unknown' as const,
        configRevision: status?.configRevision ?? 0n,
      })),
      async (client, n) => {
        try {
          const result = await pushRevision(
            prisma,
            content,
            {
              client,
              base: held.get(n.id) ?? 0n,
              // A reset stages the whole account set first, to nodes that keep one (Dovecot and Postfix
              // write every account from it); others only drop their cached overrides.
              stage: keepsAccountSet(capabilities.get(n.id)),
              snapshotsOnly: this.snapshotsOnly.has(n.id),
            },
            this.opts.stagePageSize,
          );
          if (!result) return null;
          if (result.sent === 'snapshots-only') this.snapshotsOnly.add(n.id);
          // Recorded as each node answers, so "applied on N of M" counts up while the push runs.
          const revision = BigInt(result.response.revision);
          this.pushed.set(n.id, { revision, at: Date.now(), ok: true, failures: 0 });
          this.record(n.id, revision, null, leftOutNote(result.leftOut));
          return result;
        } catch (e) {
          throw e instanceof BuildError ? new Error(`the configuration could not be built: ${e.message}`) : e;
        }
      },
      {
        prisma,
        secrets: this.opts.secrets,
        concurrency: this.opts.concurrency ?? 128,
        // Each request has its budget; a whole push (a reset stages every account page by page) has none.
        requestTimeoutMs: this.opts.timeoutMs ?? 3000,
        timeoutMs: WHOLE_PUSH_MS,
        // Down nodes were left out above, by the reconciler's own rule (never-seen nodes are tried).
        includeDown: true,
      },
    );
    const outcomes = results.map((r): PushOutcome | null => {
      if (!r.ok) {
        this.failed(r.node.id, desired);
        this.record(r.node.id, desired, r.reason.message);
        return { node: r.node.name, ok: false, revision: Number(desired), error: r.reason.message };
      }
      return r.value && { node: r.node.name, ok: true, revision: r.value.response.revision };
    });
    await this.recorder.flushed();
    await this.reportLeftOut(desired, content.built());
    const done = outcomes.filter((o): o is PushOutcome => o !== null);
    const failed = done.filter((o) => !o.ok).length;
    log.info({ revision: String(desired), nodes: done.length, failed, ms: Date.now() - started }, 'pushed revision');
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
  private record(nodeId: string, revision: bigint, error: string | null, note: string | null = null): void {
    this.recorder.add({ nodeId, revision, at: new Date(), ok: error === null, error: error ?? note });
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
