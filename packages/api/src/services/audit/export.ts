// The current filter as CSV (RFC 4180) or JSON lines, streamed: a ReadableStream
// pulls one keyset page at a time, so a million entries never sit in memory.
// JSON lines carry each entry in its canonical form with both hashes, so the
// export itself can be checked link by link.
import type { AuditEventModel as AuditEvent, PrismaClient } from '@cc/db';

import { canonicalJson } from './chain';
import type { AuditFilter, AuditScope } from './filters';
import { fullAuditPage } from './list';

export type ExportFormat = 'csv' | 'jsonl';

const PAGE = 500;

export const CSV_COLUMNS = [
  'id',
  'at',
  'actorEmail',
  'actorRole',
  'actorId',
  'sourceIp',
  'userAgent',
  'action',
  'outcome',
  'targetType',
  'targetId',
  'targetName',
  'domain',
  'error',
  'before',
  'after',
  'prevHash',
  'hash',
] as const;

/** One CSV field: quoted when needed (RFC 4180), and never read as a formula by a spreadsheet. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function cell(e: AuditEvent, column: (typeof CSV_COLUMNS)[number]): string {
  const v = e[column];
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return canonicalJson(v);
  return String(v);
}

export function csvRow(e: AuditEvent): string {
  return `${CSV_COLUMNS.map((c) => csvField(cell(e, c))).join(',')}\r\n`;
}

export function jsonLine(e: AuditEvent): string {
  return `${canonicalJson({ ...e, id: e.id.toString() })}\n`;
}

export function auditExportStream(
  prisma: PrismaClient,
  scope: AuditScope,
  filter: AuditFilter,
  format: ExportFormat,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let text = '';
        if (!started && format === 'csv') text = `${CSV_COLUMNS.join(',')}\r\n`;
        started = true;
        const page = await fullAuditPage(prisma, scope, filter, cursor, PAGE);
        for (const e of page.items) text += format === 'csv' ? csvRow(e) : jsonLine(e);
        if (text) controller.enqueue(encoder.encode(text));
        if (page.nextCursor === null) controller.close();
        cursor = page.nextCursor;
      },
    },
    // One page at a time: the next is read only when the client has taken this one.
    { highWaterMark: 1 },
  );
}
