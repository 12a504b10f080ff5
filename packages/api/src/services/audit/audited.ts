import type { PrismaClient } from '@cc/db';

import { AppError, errorMessage } from '../../errors';
import { writeAudit, type Actor, type AuditEntry } from './write-audit';

/**
 * Runs a mutation whose success entry is written inside its own transaction, and records a refusal
 * or failure here, so every attempt leaves a trace. Forbidden attempts are DENIED, the rest FAILURE.
 */
export async function audited<T>(
  prisma: PrismaClient,
  actor: Actor,
  entry: Omit<AuditEntry, 'outcome'>,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const denied = e instanceof AppError && e.code === 'FORBIDDEN';
    await writeAudit(prisma, actor, { ...entry, outcome: denied ? 'DENIED' : 'FAILURE', error: errorMessage(e) });
    throw e;
  }
}
