import { Prisma, type AuditOutcome, type PrismaClient } from '@cc/db';
import { createLogger } from '@cc/log';

import { AppError, errorMessage } from '../../errors';
import { entryHash, GENESIS_HASH, storableJson, storableText, type ChainedFields } from './chain';
import { withoutSecrets } from './secrets';

const log = createLogger('audit');

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

/** Transaction-scoped advisory lock serialising appends to the chain (any console process). */
export const AUDIT_CHAIN_LOCK = 0x43430002;

/** An audit entry could not be written: the change it describes does not happen (fail closed). */
export class AuditUnavailableError extends AppError {
  constructor(cause: unknown) {
    super('UNAVAILABLE', 'The audit log cannot be written right now, so nothing was changed.');
    this.name = 'AuditUnavailableError';
    this.cause = cause;
  }
}

/**
 * Appends one entry to the chain. Pass the mutation's transaction so both commit or neither does;
 * given the client itself, the entry gets a transaction of its own (the chain lock needs one).
 * Returns the entry's id.
 */
export async function writeAudit(db: Db, actor: Actor, entry: AuditEntry): Promise<bigint> {
  try {
    // A transaction client has no $connect (Prisma's deny list); the client itself does.
    return '$connect' in db ? await db.$transaction((tx) => append(tx, actor, entry)) : await append(db, actor, entry);
  } catch (e) {
    if (e instanceof AuditUnavailableError) throw e;
    // Prisma's message ends with the database's own words; the rest is a code frame.
    const why = errorMessage(e).trim().split('\n').at(-1);
    log.error({ action: entry.action, outcome: entry.outcome, err: why }, `could not write ${entry.action}: ${why}`);
    throw new AuditUnavailableError(e);
  }
}

async function append(tx: Prisma.TransactionClient, actor: Actor, entry: AuditEntry): Promise<bigint> {
  // Held until the caller's transaction ends: the next writer reads this entry's hash as committed.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  // The id comes first (the hash covers it, and the row is never updated), the time from the one
  // database clock under the lock, the previous hash from the newest chained entry or archive.
  const [head] = await tx.$queryRaw<Array<{ id: string; at: string; prev: string | null }>>`
    SELECT nextval(pg_get_serial_sequence('audit_event', 'id'))::text AS id,
           to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
           COALESCE(
             (SELECT "hash" FROM "audit_event" WHERE "hash" <> '' ORDER BY "id" DESC LIMIT 1),
             (SELECT "lastHash" FROM "audit_archive" WHERE "lastHash" <> '' ORDER BY "lastId" DESC LIMIT 1)
           ) AS prev`;
  if (!head) throw new Error('could not read the audit chain head');
  const text = (s: string | null | undefined) => (s == null ? null : storableText(s));
  const fields: ChainedFields = {
    id: BigInt(head.id),
    at: new Date(head.at),
    actorId: text(actor.id),
    actorEmail: text(actor.email),
    actorRole: text(actor.role),
    sourceIp: text(actor.ip),
    userAgent: text(actor.userAgent),
    action: storableText(entry.action),
    targetType: text(entry.targetType),
    targetId: text(entry.targetId),
    targetName: text(entry.targetName),
    domain: text(entry.domain),
    before: storableJson(withoutSecrets(entry.before)) ?? null,
    after: storableJson(withoutSecrets(entry.after)) ?? null,
    outcome: entry.outcome,
    error: text(entry.error),
  };
  const prevHash = head.prev ?? GENESIS_HASH;
  await tx.auditEvent.create({
    data: {
      ...fields,
      before: asJson(fields.before),
      after: asJson(fields.after),
      prevHash,
      hash: entryHash(prevHash, fields),
    },
  });
  return fields.id;
}

function asJson(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue);
}
