// The audit log's review filters, shared by audit.list and the CSV / JSON-lines export (which takes
// the same names as URL query parameters); the SQL they become is in @cc/api services/audit/filters.
import { z } from 'zod';

import { DATE_RANGE_MESSAGE, dateInRange, zInt8String, zText, ZVersion } from './common';

export const AUDIT_OUTCOMES = ['SUCCESS', 'FAILURE', 'DENIED', 'STARTED'] as const;

// Empty form fields and query parameters mean "no filter".
const text = (max: number) =>
  zText(max)
    .trim()
    .max(max)
    .optional()
    .transform((s) => s || undefined);
const lower = (max: number) => text(max).transform((s) => s?.toLowerCase());
const time = z
  .union([z.date(), z.string().trim().max(40)])
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    const d = v instanceof Date ? v : new Date(v);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'Not a valid time (ISO 8601 expected).' });
      return z.NEVER;
    }
    if (!dateInRange(d)) {
      ctx.addIssue({ code: 'custom', message: DATE_RANGE_MESSAGE });
      return z.NEVER;
    }
    return d;
  });

const FILTERS = {
  /** The actor's e-mail address, exactly ('system' for the console's own workers). */
  actor: lower(320),
  /** Action prefix: 'accounts.' or 'node.make-ready'. */
  action: text(100),
  targetType: text(40),
  /** A target's id or name, exactly (node id, 'alice@example.com', 'example.com'). */
  target: text(320),
  domain: lower(253),
  outcome: z
    .enum([...AUDIT_OUTCOMES, ''])
    .optional()
    .transform((o) => o || undefined),
  from: time,
  to: time,
  /** Free text: actor, action, target, domain, source IP, error, and the before/after values. */
  q: text(200),
};

const ordered = (f: { from?: Date | undefined; to?: Date | undefined }) => !f.from || !f.to || f.from <= f.to;
const ORDER_MESSAGE = { message: 'The start must be before the end.', path: ['to'] };

export const ZAuditFilter = z.object(FILTERS).refine(ordered, ORDER_MESSAGE);

/** A page of entries, newest first: `cursor` is the id the previous page ended before. */
export const ZAuditListInput = z
  .object({
    ...FILTERS,
    cursor: zInt8String('Not a valid page cursor.').optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .refine(ordered, ORDER_MESSAGE);

export type AuditFilter = z.infer<typeof ZAuditFilter>;
export type AuditListInput = z.infer<typeof ZAuditListInput>;

// The server administrator's audit settings: syslog forwarding and retention.
const HOST =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$|^[0-9a-f:.]+$/i;

export const ZSyslogSettings = z
  .object({
    enabled: z.boolean(),
    host: z.string().trim().max(253).regex(HOST, 'A host name or IP address.').or(z.literal('')),
    port: z.number().int().min(1).max(65535),
    protocol: z.enum(['udp', 'tcp']),
    /** RFC 5424 APP-NAME: 1 to 48 printable US-ASCII characters, no spaces. */
    appName: z.string().regex(/^[!-~]{1,48}$/, '1 to 48 printable ASCII characters, no spaces.'),
    expectedVersion: ZVersion,
  })
  .refine((s) => !s.enabled || s.host !== '', { message: 'A host is needed to forward.', path: ['host'] });

export const ZRetentionSettings = z.object({
  /** Archive entries older than this many days; null keeps everything in the database. */
  retentionDays: z.number().int().min(1).max(36_500).nullable(),
  expectedVersion: ZVersion,
});
