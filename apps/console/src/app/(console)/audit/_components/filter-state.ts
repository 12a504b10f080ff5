import { accountPath, domainPath } from '~/components/paths';

/** The filter bar as typed: every field a string, '' meaning "any". Same names as audit.list and the export URL. */
export const FILTER_KEYS = ['actor', 'action', 'targetType', 'target', 'domain', 'outcome', 'from', 'to', 'q'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type FilterState = Record<FilterKey, string>;

export const EMPTY_FILTER: FilterState = {
  actor: '',
  action: '',
  targetType: '',
  target: '',
  domain: '',
  outcome: '',
  from: '',
  to: '',
  q: '',
};

export const OUTCOMES = ['SUCCESS', 'FAILURE', 'DENIED', 'STARTED'] as const;
export const TARGET_TYPES = [
  'node',
  'domain',
  'account',
  'user',
  'cluster-defaults',
  'config-revision',
  'alert',
  'cluster',
  'audit-config',
  'audit-archive',
  'audit-log',
] as const;

/** URL query values (times as ISO 8601, UTC) → the filter bar. Unknown keys are ignored. */
export function filterFromParams(params: Record<string, string | string[] | undefined>): FilterState {
  const out = { ...EMPTY_FILTER };
  for (const key of FILTER_KEYS) {
    const v = params[key];
    if (typeof v === 'string') out[key] = v;
  }
  return out;
}

/** datetime-local inputs hold local wall-clock time; the API takes an instant. */
export function localToIso(local: string): string {
  if (!local) return '';
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

export function isoToLocal(iso: string): string {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The applied filter as a query string: for the page URL and the export links alike. */
export function filterQuery(f: FilterState, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  for (const key of FILTER_KEYS) if (f[key].trim()) params.set(key, f[key].trim());
  return params.toString();
}

/** audit.list's input: blank fields left out. */
export function filterInput(f: FilterState) {
  const out: Partial<Record<FilterKey, string>> = {};
  for (const key of FILTER_KEYS) if (f[key].trim()) out[key] = f[key].trim();
  return out;
}

export interface TargetOf {
  targetType: string | null;
  targetId: string | null;
  targetName: string | null;
  domain: string | null;
}

/** The console page of an entry's target, where there is one. */
export function targetHref(e: TargetOf): string | null {
  switch (e.targetType) {
    case 'node':
      return e.targetId ? `/nodes/${encodeURIComponent(e.targetId)}` : null;
    case 'domain':
      // Seeding names several domains in one entry: no single page to go to.
      return e.targetName && !/[\s,]/.test(e.targetName) ? domainPath(e.targetName) : null;
    case 'account': {
      const at = e.targetName?.lastIndexOf('@') ?? -1;
      return e.targetName && at > 0 ? accountPath(e.targetName.slice(at + 1), e.targetName.slice(0, at)) : null;
    }
    case 'cluster-defaults':
      return '/settings';
    case 'upgrade':
      return e.targetId ? `/upgrades/${encodeURIComponent(e.targetId)}` : null;
    default:
      return null;
  }
}
