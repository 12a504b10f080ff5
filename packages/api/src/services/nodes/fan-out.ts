// The one way the console calls many nodes at once: Down nodes skipped (unless asked), a client per
// node (pinned TLS, CC_NODE_NETWORKS), bounded concurrency, a deadline per call, retries only for
// calls the caller declares safe to repeat, and the audit trail written here rather than by each caller.
import type { Prisma, PrismaClient } from '@cc/db';
import { NodeApiError, type NodeClient } from '@cc/node-api';

import { AppError, errorMessage } from '../../errors';
import { writeAudit, type Actor, type AuditEntry } from '../audit/write-audit';
import type { SecretBox } from '../secrets/secret-box';
import type { FanOutNode, FanOutTarget } from './fan-out-targets';
import { clientForNode } from './node-client';

export { selectNodes, splitDown, type FanOutNode, type FanOutTarget, type NodeSelection } from './fan-out-targets';

/** Why a node gave no result. `message` is what operators read (and what the audit entry keeps). */
export type FailureReason = { message: string } & (
  | { kind: 'skipped-down' }
  /** No connection (refused, reset, no route, DNS). */
  | { kind: 'unreachable' }
  | { kind: 'timeout' }
  /** The node answered with an error status (its code when it gave one). */
  | { kind: 'refused'; status: number; code: string | null }
  /** The node answered, but not with what the contract says. */
  | { kind: 'invalid'; status: number }
  /** Its certificate was not the pinned one (or the CA's). */
  | { kind: 'untrusted' }
  /** Anything else: an address outside CC_NODE_NETWORKS, a failure in the caller's own code. */
  | { kind: 'error' }
);

export type NodeResult<T> =
  | { node: FanOutNode; ok: true; value: T; attempts: number }
  | { node: FanOutNode; ok: false; reason: FailureReason; attempts: number };

/** Per-node audit: STARTED for every node asked before any is called, then SUCCESS or FAILURE for each. */
export interface NodeAudit<T> {
  actor: Actor;
  entry: (node: FanOutNode) => Omit<AuditEntry, 'outcome' | 'after' | 'error'>;
  started?: (node: FanOutNode) => unknown;
  success?: (node: FanOutNode, value: T) => unknown;
  failure?: (node: FanOutNode, reason: FailureReason) => unknown;
  /** Commits with the SUCCESS entry, so what the node's answer changes and its record go together. */
  commit?: (tx: Prisma.TransactionClient, node: FanOutNode, value: T) => Promise<void>;
  /** false: the caller records SUCCESS itself once the effect is confirmed (a rollback, when the node is back). */
  recordSuccess?: boolean;
}

export interface FanOutOptions<T> {
  prisma: PrismaClient;
  secrets: SecretBox;
  /** Deadline of one attempt of `call`; also each request's budget unless requestTimeoutMs says otherwise. */
  timeoutMs?: number;
  requestTimeoutMs?: number;
  concurrency?: number;
  /** Ask Down nodes too (an operator named them; a reachability check). Default: skipped. */
  includeDown?: boolean;
  /** Safe to repeat (reads, idempotent writes): retried after a lost connection or a timeout. */
  idempotent?: boolean;
  /** Further attempts for an idempotent call (default 1). */
  retries?: number;
  audit?: NodeAudit<T>;
  /** Tests hand in fake clients. */
  clientFor?: (target: FanOutTarget, timeoutMs: number) => NodeClient;
}

export const FAN_OUT_DEFAULTS = { timeoutMs: 3000, concurrency: 16, retries: 1, backoffMs: 100 } as const;

/** Runs `call` on each target and returns one result per target, in the targets' order. */
export async function fanOut<T>(
  targets: readonly FanOutTarget[],
  call: (client: NodeClient, node: FanOutNode) => Promise<T>,
  opts: FanOutOptions<T>,
): Promise<Array<NodeResult<T>>> {
  const timeoutMs = opts.timeoutMs ?? FAN_OUT_DEFAULTS.timeoutMs;
  const requestMs = opts.requestTimeoutMs ?? timeoutMs;
  const tries = 1 + (opts.idempotent ? (opts.retries ?? FAN_OUT_DEFAULTS.retries) : 0);
  const build = opts.clientFor ?? ((t, ms) => clientForNode(t, opts.secrets, ms));
  const asked = targets.filter((t) => opts.includeDown || t.state !== 'down');
  const audit = opts.audit;
  // Fail closed: every node's change is on record before any node is touched.
  if (audit) {
    for (const t of asked) await writeAudit(opts.prisma, audit.actor, startedEntry(audit, publicPart(t)));
  }
  const results = new Map<string, NodeResult<T>>();
  await mapLimit(asked, opts.concurrency ?? FAN_OUT_DEFAULTS.concurrency, async (target) => {
    const node = publicPart(target);
    let attempts = 0;
    let reason: FailureReason | null = null;
    let value: T | undefined;
    let client: NodeClient | undefined;
    while (attempts < tries) {
      attempts += 1;
      try {
        // Inside the try: a token that cannot be opened is this node's failure, not the whole fan-out's.
        client ??= build(target, requestMs);
        value = await withDeadline(call(client, node), timeoutMs, node.name);
        reason = null;
        break;
      } catch (e) {
        reason = classify(e);
        if (!transient(reason) || attempts >= tries) break;
        await sleep(FAN_OUT_DEFAULTS.backoffMs * attempts);
      }
    }
    if (reason === null && audit) {
      try {
        await recordSuccess(opts.prisma, audit, node, value as T);
      } catch (e) {
        reason = classify(e); // the node answered, but its answer could not be recorded
      }
    }
    if (reason !== null && audit) {
      await writeAudit(opts.prisma, audit.actor, {
        ...audit.entry(node),
        after: audit.failure?.(node, reason),
        outcome: 'FAILURE',
        error: reason.message,
      });
    }
    results.set(
      target.id,
      reason === null ? { node, ok: true, value: value as T, attempts } : { node, ok: false, reason, attempts },
    );
  });
  return targets.map(
    (t) =>
      results.get(t.id) ?? {
        node: publicPart(t),
        ok: false,
        attempts: 0,
        reason: { kind: 'skipped-down', message: `${t.name} is down: not asked` },
      },
  );
}

/** One audit trail for a whole fan-out (or several): STARTED before any node is called, then one closing entry. */
export interface BatchAudit<R, C = undefined> {
  actor: Actor;
  entry: Omit<AuditEntry, 'outcome' | 'after' | 'error'>;
  started?: unknown;
  /** Commits with the closing entry (e.g. the record of a check); its value goes to `close`. */
  commit?: (tx: Prisma.TransactionClient, result: R) => Promise<C>;
  /** The closing entry: FAILURE with `error` when it names a failure, SUCCESS otherwise. */
  close: (result: R, committed: C | undefined) => { after?: unknown; error?: string | null };
}

/**
 * Runs `work` between the batch's STARTED and closing entries; a throw from `work` is recorded as
 * FAILURE. Returns the work's result and what `commit` returned.
 */
export async function auditedBatch<R, C = undefined>(
  prisma: PrismaClient,
  audit: BatchAudit<R, C>,
  work: () => Promise<R>,
): Promise<{ result: R; committed: C | undefined }> {
  await writeAudit(prisma, audit.actor, { ...audit.entry, after: audit.started, outcome: 'STARTED' });
  let result: R;
  try {
    result = await work();
  } catch (e) {
    await writeAudit(prisma, audit.actor, { ...audit.entry, outcome: 'FAILURE', error: errorMessage(e) });
    throw e;
  }
  const committed = await prisma.$transaction(async (tx) => {
    const committed = await audit.commit?.(tx, result);
    const { after, error } = audit.close(result, committed);
    await writeAudit(tx, audit.actor, {
      ...audit.entry,
      after,
      outcome: error ? 'FAILURE' : 'SUCCESS',
      ...(error && { error }),
    });
    return committed;
  });
  return { result, committed };
}

function startedEntry<T>(audit: NodeAudit<T>, node: FanOutNode): AuditEntry {
  return { ...audit.entry(node), after: audit.started?.(node), outcome: 'STARTED' };
}

async function recordSuccess<T>(prisma: PrismaClient, audit: NodeAudit<T>, node: FanOutNode, value: T) {
  if (audit.recordSuccess === false && !audit.commit) return;
  await prisma.$transaction(async (tx) => {
    await audit.commit?.(tx, node, value);
    if (audit.recordSuccess === false) return;
    await writeAudit(tx, audit.actor, {
      ...audit.entry(node),
      after: audit.success?.(node, value),
      outcome: 'SUCCESS',
    });
  });
}

function publicPart(t: FanOutTarget): FanOutNode {
  const { tokenEnc: _token, tlsFingerprint: _fp, ...node } = t;
  return node;
}

/** What went wrong, as a kind the callers branch on instead of parsing messages. */
export function classify(e: unknown): FailureReason {
  const message = errorMessage(e);
  if (e instanceof DeadlineError) return { kind: 'timeout', message };
  if (!(e instanceof NodeApiError)) return { kind: 'error', message };
  // The network guard refuses before connecting: permanent, whatever the transport says.
  if (e.cause instanceof AppError) return { kind: 'error', message };
  switch (e.kind) {
    case 'timeout':
      return { kind: 'timeout', message };
    case 'certificate':
      return { kind: 'untrusted', message };
    case 'bad-response':
      return { kind: 'invalid', status: e.status ?? 0, message };
    case 'http':
    case 'unauthorized':
      if (e.status !== undefined) return { kind: 'refused', status: e.status, code: e.code ?? null, message };
  }
  return { kind: 'unreachable', message };
}

/** Worth another try: the request may never have arrived, or the node asked to come back later. */
function transient(r: FailureReason): boolean {
  return r.kind === 'unreachable' || r.kind === 'timeout' || (r.kind === 'refused' && [429, 503].includes(r.status));
}

class DeadlineError extends Error {}

function withDeadline<T>(p: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${name} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** At most `limit` of `fn` in flight at once. */
export async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
}
