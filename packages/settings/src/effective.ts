// Inheritance: account override, else the domain's value, else the cluster
// default, else the built-in default. The UI shows the source of each value
// so an administrator can tell an override from an inherited value.
import { LEVEL_FAMILIES, SETTINGS, type Family, type Level, type SettingDef, type SettingValue } from './definitions';
import { valueError } from './validate';

export type SettingSource = 'account' | 'domain' | 'cluster' | 'built-in';
export type StoredSettings = Record<string, unknown>;

export interface Layers {
  cluster: Partial<Record<Family, StoredSettings>>;
  domain?: StoredSettings;
  account?: StoredSettings;
}

export interface EffectiveSetting {
  key: string;
  family: Family;
  value: SettingValue;
  source: SettingSource;
  /** The value set at the level being viewed (an override), if any. */
  own?: SettingValue;
  /** What removing `own` would fall back to. */
  inherited: { value: SettingValue; source: SettingSource };
}

/** Every setting that can be set at `level`, resolved. */
export function effectiveSettings(level: Level, layers: Layers): EffectiveSetting[] {
  const families = LEVEL_FAMILIES[level];
  return SETTINGS.filter((d) => families.includes(d.family)).map((def) => resolve(def, level, layers));
}

function resolve(def: SettingDef, level: Level, layers: Layers): EffectiveSetting {
  // Highest first; the level being viewed is the first entry.
  const chain: Array<[SettingSource, StoredSettings | undefined]> = [];
  if (level === 'account') chain.push(['account', layers.account]);
  if (level !== 'cluster') chain.push(['domain', layers.domain]);
  chain.push(['cluster', layers.cluster[def.family]]);
  const found = chain
    .map(([source, stored]) => ({ source, value: usable(def, stored?.[def.key]) }))
    .filter((x): x is { source: SettingSource; value: SettingValue } => x.value !== undefined);
  const builtIn = { value: def.default, source: 'built-in' as const };
  const top = found[0] ?? builtIn;
  const ownSource: SettingSource = level === 'cluster' ? 'cluster' : level;
  const own = top.source === ownSource ? top.value : undefined;
  const inherited = own === undefined ? top : (found[1] ?? builtIn);
  return {
    key: def.key,
    family: def.family,
    value: top.value,
    source: top.source,
    ...(own !== undefined && { own }),
    inherited,
  };
}

/** A stored value that no longer fits its definition is ignored rather than trusted. */
function usable(def: SettingDef, value: unknown): SettingValue | undefined {
  if (value === undefined || value === null) return undefined;
  return valueError(def, value) === null ? (value as SettingValue) : undefined;
}

/** Applies validated changes to stored overrides: null removes a key. Returns a new object. */
export function applyChanges(stored: StoredSettings, changes: Record<string, SettingValue | null>): StoredSettings {
  const next: StoredSettings = { ...stored };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

/** The keys whose stored value differs, with before and after (undefined = not set). */
export function diffSettings(
  before: StoredSettings,
  after: StoredSettings,
): Array<{ key: string; before?: unknown; after?: unknown }> {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((key) => ({
      key,
      ...(before[key] !== undefined && { before: before[key] }),
      ...(after[key] !== undefined && { after: after[key] }),
    }));
}
