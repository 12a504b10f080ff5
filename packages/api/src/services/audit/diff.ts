import { canonicalJson } from './chain';

export interface DiffRow {
  /** Dotted key path ('settings.maxAccounts'); '' for a value that is not an object. */
  path: string;
  before: unknown;
  after: unknown;
  change: 'added' | 'removed' | 'changed' | 'same';
}

/**
 * Before/after side by side, one row per leaf key (arrays are compared whole). Settings changes
 * record the stored settings before and `{ settings, revision }` after: the before side is lined up
 * under `settings` so the keys meet.
 */
export function auditDiff(before: unknown, after: unknown): DiffRow[] {
  const b =
    isObject(before) && isObject(after) && 'settings' in after && !('settings' in before)
      ? { settings: before }
      : before;
  const left = flatten(b);
  const right = flatten(after);
  const all = [...new Set([...left.keys(), ...right.keys()])].sort();
  // An empty object on one side is no row of its own when the other side has keys inside it.
  const hollow = (p: string) => isEmptyObject(left.get(p)) || isEmptyObject(right.get(p));
  const paths = all.filter((p) => !(hollow(p) && all.some((q) => q !== p && q.startsWith(p ? `${p}.` : ''))));
  return paths.map((path) => {
    const inBefore = left.has(path);
    const inAfter = right.has(path);
    const bv = left.get(path);
    const av = right.get(path);
    const change = !inBefore
      ? 'added'
      : !inAfter
        ? 'removed'
        : canonicalJson(bv) === canonicalJson(av)
          ? 'same'
          : 'changed';
    return { path, before: inBefore ? bv : undefined, after: inAfter ? av : undefined, change };
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEmptyObject(v: unknown): boolean {
  return isObject(v) && Object.keys(v).length === 0;
}

function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (value === undefined || (value === null && prefix === '')) return out;
  if (!isObject(value) || Object.keys(value).length === 0) {
    out.set(prefix, value);
    return out;
  }
  for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}
