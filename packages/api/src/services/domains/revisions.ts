// Every committed configuration change becomes one revision: the desired
// state's version that nodes are pushed and report back.
import type { Prisma } from '@cc/db';

import type { Actor } from '../audit/write-audit';
import { announceConfigChange } from '../propagation/signal';

/** Serialises revision numbers with commits (see recordRevision). */
const REVISION_LOCK = 0x43430002;

export interface RevisionInput {
  scope: 'cluster' | 'domain' | 'account' | 'alert';
  /** Domain name, for domain administrators' views; null for cluster defaults. */
  domain: string | null;
  target: string;
  /** The target's version after the change. */
  version: number;
  summary: string;
  changes?: unknown;
  /** Every account address of a domain changed (rename, delete): nodes drop cached account settings. */
  resetAccounts?: boolean;
}

/**
 * Adds a revision inside the change's transaction. The transaction-scoped advisory lock makes
 * revisions commit in id order: a node told "you have revision N" can never miss an earlier
 * revision that committed later. Announces the change after commit (see afterCommit).
 */
export async function recordRevision(
  tx: Prisma.TransactionClient,
  actor: Actor,
  input: RevisionInput,
): Promise<bigint> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${REVISION_LOCK})`;
  const changes = { items: input.changes ?? [], ...(input.resetAccounts && { resetAccounts: true }) };
  const row = await tx.configRevision.create({
    data: {
      actorEmail: actor.email,
      scope: input.scope,
      domain: input.domain,
      target: input.target,
      version: input.version,
      summary: input.summary,
      changes: JSON.parse(JSON.stringify(changes)) as Prisma.InputJsonValue,
    },
    select: { id: true },
  });
  return row.id;
}

/** Call once the transaction committed: wakes this process's reconciler to push right away. */
export function afterCommit<T extends { revision: bigint }>(result: T): T {
  announceConfigChange(result.revision);
  return result;
}
