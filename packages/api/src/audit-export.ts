// GET /api/audit/export?format=csv|jsonl&<audit.list filters>: the same session,
// permission and tenant rules as the tRPC API (401 / 403 / 400 as JSON), then a
// streamed attachment. Every export is itself audited, fail closed.
import { z } from 'zod';

import { resolveSessionUser } from '@cc/auth';
import { can, isTenantBound, PASSWORD_CHANGE_REQUIRED } from '@cc/permissions';

import { actorOf, requestMeta, type ServerDeps } from './context';
import { AppError } from './errors';
import { auditExportStream, type ExportFormat } from './services/audit/export';
import { auditScopeFor, ZAuditFilter } from './services/audit/filters';
import { writeAudit } from './services/audit/write-audit';
import { ALL_DOMAINS, type DomainScope } from './services/domains/tenant';

const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

function problem(status: number, error: string, fieldErrors?: Record<string, string[]>) {
  return Response.json({ error, ...(fieldErrors && { fieldErrors }) }, { status });
}

export async function handleAuditExport(deps: ServerDeps, req: Request): Promise<Response> {
  const prisma = deps.db.prisma;
  const user = await resolveSessionUser(deps.auth, prisma, req.headers);
  if (!user) return problem(401, 'Sign in first.');
  if (user.mustChangePassword) return problem(403, PASSWORD_CHANGE_REQUIRED);
  if (!can(user.role, 'audit:read')) return problem(403, 'Your role does not allow this.');

  const params = new URL(req.url).searchParams;
  const format = z
    .enum(['csv', 'jsonl'])
    .default('csv')
    .safeParse(params.get('format') ?? undefined);
  const filter = ZAuditFilter.safeParse(Object.fromEntries(params));
  if (!format.success) return problem(400, 'format must be csv or jsonl.', { format: ['csv or jsonl'] });
  if (!filter.success) {
    return problem(400, 'Invalid filter.', z.flattenError(filter.error).fieldErrors as Record<string, string[]>);
  }

  const domains: DomainScope = isTenantBound(user.role)
    ? {
        all: false,
        ids: (await prisma.domainAdmin.findMany({ where: { userId: user.id }, select: { domainId: true } })).map(
          (d) => d.domainId,
        ),
      }
    : ALL_DOMAINS;
  const scope = await auditScopeFor(prisma, domains);
  try {
    await writeAudit(prisma, actorOf({ user, req: requestMeta(req.headers) }), {
      action: 'audit.export',
      targetType: 'audit-log',
      after: { format: format.data, filter: filter.data },
      outcome: 'SUCCESS',
    });
  } catch (e) {
    return problem(503, e instanceof AppError ? e.message : 'The audit log cannot be written right now.');
  }

  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  return new Response(auditExportStream(prisma, scope, filter.data, format.data), {
    headers: {
      'content-type': CONTENT_TYPE[format.data],
      'content-disposition': `attachment; filename="audit-${stamp}.${format.data}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
