import { Prisma, type PrismaClient } from '@cc/db';

import { AppError } from '../../errors';
import { auditDiff } from './diff';
import { forReader, listErrorForReader } from './redact';
import { filterConditions, textCondition, type AuditFilter, type AuditListInput, type AuditScope } from './filters';

/** Free text cannot use an index: it is matched a window of ids at a time, within a time budget. */
const SEARCH_WINDOW = 20_000n;
const SEARCH_BUDGET_MS = 40;

const LIST_FIELDS = {
  id: true,
  at: true,
  actorId: true,
  actorEmail: true,
  actorRole: true,
  sourceIp: true,
  userAgent: true,
  action: true,
  targetType: true,
  targetId: true,
  targetName: true,
  domain: true,
  outcome: true,
  error: true,
} as const satisfies Prisma.AuditEventSelect;

/** One page of entries newest first (keyset on id), with the caller's tenant in the where. */
export async function listAuditEntries(prisma: PrismaClient, scope: AuditScope, input: AuditListInput) {
  const page = await pageIds(prisma, scope, input, input.cursor ?? null, input.limit);
  const rows = await prisma.auditEvent.findMany({
    where: { id: { in: page.ids } },
    orderBy: { id: 'desc' },
    select: LIST_FIELDS,
  });
  return {
    items: rows.map((r) => ({ ...r, id: r.id.toString(), error: listErrorForReader(scope, r.action, r.error) })),
    nextCursor: page.nextCursor,
    partial: page.partial,
  };
}

/** The same pages with every column (values and hashes), for exports. */
export async function fullAuditPage(
  prisma: PrismaClient,
  scope: AuditScope,
  filter: AuditFilter,
  cursor: string | null,
  limit: number,
) {
  const page = await pageIds(prisma, scope, filter, cursor, limit);
  const rows = await prisma.auditEvent.findMany({ where: { id: { in: page.ids } }, orderBy: { id: 'desc' } });
  const items = rows.map((r) => forReader(scope, r));
  return { items, nextCursor: page.nextCursor, partial: page.partial };
}

interface IdPage {
  ids: bigint[];
  /** Pass as `cursor` for the next page; null at the oldest entry. */
  nextCursor: string | null;
  /**
   * Free-text search ran out of its time budget before filling the page: there may be more matches
   * below nextCursor (ask again; each request stays fast).
   */
  partial: boolean;
}

async function pageIds(
  prisma: PrismaClient,
  scope: AuditScope,
  filter: AuditFilter,
  cursor: string | null,
  limit: number,
): Promise<IdPage> {
  if (!scope.all && scope.domains.length === 0) return { ids: [], nextCursor: null, partial: false };
  const where = filterConditions(scope, filter);
  const below = cursor === null ? null : BigInt(cursor);
  if (filter.q) return searchIds(prisma, [...where, textCondition(filter.q)], below, limit);
  const found = await idsWhere(prisma, where, below, null, limit + 1);
  const ids = found.slice(0, limit);
  return { ids, nextCursor: found.length > limit ? String(ids.at(-1)) : null, partial: false };
}

async function searchIds(
  prisma: PrismaClient,
  where: Prisma.Sql[],
  below: bigint | null,
  limit: number,
): Promise<IdPage> {
  const [bounds] = await prisma.$queryRaw<Array<{ min: string | null; max: string | null }>>`
    SELECT min("id")::text AS min, max("id")::text AS max FROM "audit_event"`;
  if (!bounds?.min || !bounds.max) return { ids: [], nextCursor: null, partial: false };
  const floor = BigInt(bounds.min);
  let upper = below ?? BigInt(bounds.max) + 1n;
  const ids: bigint[] = [];
  const started = performance.now();
  let window = 0;
  // One window at least; another only if it should still end within the budget.
  while (upper > floor && (window === 0 || performance.now() - started + window <= SEARCH_BUDGET_MS)) {
    const t = performance.now();
    const lower = upper - SEARCH_WINDOW > floor ? upper - SEARCH_WINDOW : floor;
    const need = limit - ids.length;
    const found = await idsWhere(prisma, where, upper, lower, need + 1);
    if (found.length > need) {
      ids.push(...found.slice(0, need));
      return { ids, nextCursor: String(ids.at(-1)), partial: false };
    }
    ids.push(...found);
    upper = lower;
    window = performance.now() - t;
  }
  const more = upper > floor;
  return { ids, nextCursor: more ? String(upper) : null, partial: more && ids.length < limit };
}

async function idsWhere(
  prisma: PrismaClient,
  where: Prisma.Sql[],
  below: bigint | null,
  atLeast: bigint | null,
  take: number,
): Promise<bigint[]> {
  const conds = [...where];
  if (below !== null) conds.push(Prisma.sql`"id" < ${below.toString()}::bigint`);
  if (atLeast !== null) conds.push(Prisma.sql`"id" >= ${atLeast.toString()}::bigint`);
  // Aliased apart from "id": ORDER BY must sort the bigint column, not its text.
  const rows = await prisma.$queryRaw<Array<{ ref: string }>>`
    SELECT "id"::text AS ref FROM "audit_event"
    ${conds.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conds, ' AND ')}` : Prisma.empty}
    ORDER BY "id" DESC LIMIT ${take}`;
  return rows.map((r) => BigInt(r.ref));
}

/** One entry with its values and their diff; another tenant's entry is "not found", like a missing one. */
export async function getAuditEntry(prisma: PrismaClient, scope: AuditScope, id: string) {
  const row = await prisma.auditEvent.findFirst({
    where: { id: BigInt(id), ...(scope.all ? {} : { domain: { in: [...scope.domains] } }) },
  });
  if (!row) throw new AppError('NOT_FOUND', `No audit entry ${id}.`);
  const seen = forReader(scope, row);
  return { ...seen, id: row.id.toString(), diff: auditDiff(seen.before, seen.after) };
}
