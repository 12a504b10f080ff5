import type { AuditOutcome, Prisma, PrismaClient } from '@cc/db';

/** Who acted and from where; `null` actor = a system worker (collector, reconciler). */
export interface Actor {
  id: string | null;
  email: string | null;
  role: string | null;
  ip: string | null;
  userAgent: string | null;
}

export const SYSTEM_ACTOR: Actor = { id: null, email: 'system', role: null, ip: null, userAgent: null };

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string;
  targetName?: string;
  domain?: string;
  before?: unknown;
  after?: unknown;
  outcome: AuditOutcome;
  error?: string;
}

type Db = PrismaClient | Prisma.TransactionClient;

/** Appends one audit entry. Pass the mutation's transaction so both commit or neither does. */
export async function writeAudit(db: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorId: actor.id,
      actorEmail: actor.email,
      actorRole: actor.role,
      sourceIp: actor.ip,
      userAgent: actor.userAgent,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      targetName: entry.targetName,
      domain: entry.domain,
      before: toJson(entry.before),
      after: toJson(entry.after),
      outcome: entry.outcome,
      error: entry.error,
    },
  });
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined) return undefined;
  // Revision numbers and other bigints are kept as decimal strings.
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return JSON.parse(text) as Prisma.InputJsonValue;
}
