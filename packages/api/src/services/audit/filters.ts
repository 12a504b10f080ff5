// The review filters, shared by audit.list and the CSV / JSON-lines export
// (the export takes the same names as URL query parameters), and the SQL they
// become. Every filter is served by an index ending in id, so keyset paging
// newest-first stays fast however large the log grows.
import { Prisma, type PrismaClient } from '@cc/db';
import type { AuditFilter } from '@cc/schemas';

import type { DomainScope } from '../domains/tenant';

export { AUDIT_OUTCOMES, ZAuditFilter, ZAuditListInput, type AuditFilter, type AuditListInput } from '@cc/schemas';

/** Whose entries the caller may read: everything, or the entries of the domains they manage. */
export type AuditScope = { readonly all: true } | { readonly all: false; readonly domains: readonly string[] };

/** A domain administrator reads the entries recorded against their domains (by name). */
export async function auditScopeFor(prisma: PrismaClient, scope: DomainScope): Promise<AuditScope> {
  if (scope.all) return { all: true };
  const domains = await prisma.sharedDomain.findMany({ where: { id: { in: [...scope.ids] } }, select: { name: true } });
  return { all: false, domains: domains.map((d) => d.name) };
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function utc(d: Date): Prisma.Sql {
  // at is a UTC timestamp without zone (Prisma's convention).
  return Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
}

/** SQL conditions for everything but the free text (which is applied in id windows, see list.ts). */
export function filterConditions(scope: AuditScope, f: AuditFilter): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (!scope.all) where.push(Prisma.sql`"domain" = ANY(${[...scope.domains]}::text[])`);
  if (f.actor) where.push(Prisma.sql`"actorEmail" = ${f.actor}`);
  if (f.action) where.push(Prisma.sql`"action" LIKE ${`${likeEscape(f.action)}%`}`);
  if (f.targetType) where.push(Prisma.sql`"targetType" = ${f.targetType}`);
  if (f.target) where.push(Prisma.sql`("targetId" = ${f.target} OR "targetName" = ${f.target})`);
  if (f.domain) where.push(Prisma.sql`"domain" = ${f.domain}`);
  if (f.outcome) where.push(Prisma.sql`"outcome" = ${f.outcome}::"AuditOutcome"`);
  // at never decreases along id (writeAudit takes both under the chain lock from the database
  // clock), so a time range is also an id range, found in the (at, id) index: the scan stays on the
  // primary key however far back the range lies. The at conditions stay for exactness.
  if (f.from) {
    where.push(Prisma.sql`"at" >= ${utc(f.from)}`);
    where.push(Prisma.sql`"id" >= COALESCE((SELECT "id" FROM "audit_event" WHERE "at" >= ${utc(f.from)}
      ORDER BY "at", "id" LIMIT 1), 9223372036854775807)`);
  }
  if (f.to) {
    where.push(Prisma.sql`"at" <= ${utc(f.to)}`);
    where.push(Prisma.sql`"id" <= COALESCE((SELECT "id" FROM "audit_event" WHERE "at" <= ${utc(f.to)}
      ORDER BY "at" DESC, "id" DESC LIMIT 1), 0)`);
  }
  return where;
}

/** One lower-cased haystack per row; a LIKE over it costs far less than one ILIKE per column. */
export function textCondition(q: string): Prisma.Sql {
  const needle = `%${likeEscape(q.toLowerCase())}%`;
  return Prisma.sql`lower(concat_ws(' ', "actorEmail", "action", "targetType", "targetId", "targetName", "domain",
    "sourceIp", "error", "before"::text, "after"::text)) LIKE ${needle}`;
}
