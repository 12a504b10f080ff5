// Domain administrators read their domains' audit entries, but never nodes' internals: entries
// that record per-node results (ending an account's sessions everywhere) keep them for operators
// and auditors; tenant-bound readers get the counts. The stored entry (and its hash) is unchanged.
import type { AuditScope } from './filters';

const NODE_KEYS = new Set(['nodes', 'notAsked', 'node']);
const HIDDEN_ERROR = 'Failed on one or more nodes (details are for cluster operators).';

/** Actions whose entries record per-node results: the list (which has no values) knows them by name. */
const NODE_RESULT_ACTIONS = new Set(['accounts.endSessions']);

/** A list row's error as this reader may see it. */
export function listErrorForReader(scope: AuditScope, action: string, error: string | null): string | null {
  return !scope.all && error && NODE_RESULT_ACTIONS.has(action) ? HIDDEN_ERROR : error;
}

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (NODE_KEYS.has(k)) out[k] = Array.isArray(v) ? `${v.length} node(s)` : '(hidden)';
    else out[k] = redactValue(v);
  }
  return out;
}

const namesNodes = (v: unknown) => v !== null && typeof v === 'object' && Object.keys(v).some((k) => NODE_KEYS.has(k));

interface Redactable {
  before?: unknown;
  after?: unknown;
  error: string | null;
}

/** The entry as this reader may see it. */
export function forReader<T extends Redactable>(scope: AuditScope, row: T): T {
  if (scope.all) return row;
  const touchesNodes = namesNodes(row.before) || namesNodes(row.after);
  return {
    ...row,
    ...('before' in row && { before: redactValue(row.before) }),
    ...('after' in row && { after: redactValue(row.after) }),
    ...(touchesNodes && row.error && { error: HIDDEN_ERROR }),
  };
}
