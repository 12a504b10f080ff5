// The audit log's hash chain. Each entry stores the previous entry's hash and
// sha256(prevHash + "\n" + canonical JSON of its own content), so changing,
// removing or reordering an entry breaks every link after it (CloudTrail's
// digest chain, per entry). The canonical form is computed from the values as
// they are stored: what jsonb gives back on read canonicalizes to the same text.
import { createHash } from 'node:crypto';

import type { AuditOutcome } from '@cc/db';

/** prevHash of the very first chained entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** Content version inside the hashed JSON, so the format can change without ambiguity. */
const CHAIN_VERSION = 1;

/** The stored columns an entry's hash covers (an audit_event row as Prisma returns it). */
export interface ChainedFields {
  id: bigint;
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetName: string | null;
  domain: string | null;
  before: unknown;
  after: unknown;
  outcome: AuditOutcome;
  error: string | null;
}

/**
 * JSON with object keys sorted (recursively, by UTF-16 code units), no whitespace, bigints and dates
 * as strings, and undefined members left out, as JSON.stringify would. Non-finite numbers become null.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'object':
      break;
    default:
      return 'null';
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((k) => record[k] !== undefined && typeof record[k] !== 'function')
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`);
  return `{${members.join(',')}}`;
}

/** What an entry's hash covers: every stored column except the two hashes. */
export function chainContent(e: ChainedFields): Record<string, unknown> {
  return {
    v: CHAIN_VERSION,
    id: e.id.toString(),
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorEmail: e.actorEmail,
    actorRole: e.actorRole,
    sourceIp: e.sourceIp,
    userAgent: e.userAgent,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    targetName: e.targetName,
    domain: e.domain,
    before: e.before ?? null,
    after: e.after ?? null,
    outcome: e.outcome,
    error: e.error,
  };
}

export function entryHash(prevHash: string, e: ChainedFields): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalJson(chainContent(e)))
    .digest('hex');
}

// Lone surrogates cannot be stored as UTF-8 and NUL is refused by PostgreSQL text and jsonb alike:
// both are replaced before writing, so the write never fails on them and the hash covers what is stored.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function storableText(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '\uFFFD');
}

/**
 * A JSON value exactly as jsonb will give it back: bigints as decimal strings, dates as ISO strings,
 * undefined members dropped, non-finite numbers null, text made storable. `undefined` stays undefined
 * (no value: the column is NULL).
 */
export function storableJson(value: unknown): unknown {
  if (value === undefined) return undefined;
  return clean(JSON.parse(canonicalJson(value)));
}

function clean(v: unknown): unknown {
  if (typeof v === 'string') return storableText(v);
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [storableText(k), clean(x)]));
  }
  return v;
}
