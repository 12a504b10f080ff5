import { SETTINGS_BY_KEY, type SettingDef, type SettingSource, type SettingValue } from '@cc/settings';

import type { Formatter } from '@cc/ui';

/** The level a settings form edits: cluster defaults, one domain, or one account's overrides. */
export type SettingsLevel = 'cluster' | 'domain' | 'account';
/** What a save sends: a value sets an override, null removes it (inherit again). */
export type SettingChanges = Record<string, SettingValue | null>;
/** Per changed key, the control's raw value (integers as typed), or null for "reset to inherited". */
export type Draft = Record<string, string | boolean | null>;

const SOURCE_LABELS: Record<SettingsLevel, Record<SettingSource, string>> = {
  cluster: { cluster: 'set here', 'built-in': 'built-in', domain: 'from domain', account: 'set on account' },
  domain: { domain: 'set here', cluster: 'from cluster default', 'built-in': 'built-in', account: 'set on account' },
  account: {
    account: 'set on account',
    domain: 'from domain',
    cluster: 'from cluster default',
    'built-in': 'built-in',
  },
};

export function sourceLabel(level: SettingsLevel, source: SettingSource): string {
  return SOURCE_LABELS[level][source];
}

/** Set at the level being edited (an override), as opposed to inherited. */
export function isOwnSource(level: SettingsLevel, source: SettingSource): boolean {
  return source === level;
}

export function definitionOf(key: string): SettingDef | undefined {
  return SETTINGS_BY_KEY.get(key);
}

/** A value as people read it: "On", "2,048 MB", "unlimited", "(none)". */
export function formatSettingValue(fmt: Formatter, def: SettingDef, value: SettingValue): string {
  const t = def.type;
  switch (t.kind) {
    case 'boolean':
      return value === true ? 'On' : 'Off';
    case 'integer':
      if (value === 0 && t.zeroMeans) return `0 (${t.zeroMeans})`;
      return `${fmt.integer(Number(value))}${t.unit ? ` ${t.unit}` : ''}`;
    case 'string':
      return value === '' ? '(none)' : String(value);
    default:
      return String(value);
  }
}

/** A value as its control holds it. */
export function rawOf(def: SettingDef, value: SettingValue): string | boolean {
  if (def.type.kind === 'boolean') return value === true;
  return String(value);
}

/**
 * The draft as the API expects it. Only "is it a whole number" is checked here (a number input can
 * hold anything mid-typing); ranges and formats are the server's, which answers per key.
 */
export function toChanges(draft: Draft): { changes: SettingChanges; errors: Record<string, string> } {
  const changes: SettingChanges = {};
  const errors: Record<string, string> = {};
  for (const [key, raw] of Object.entries(draft)) {
    const def = definitionOf(key);
    if (!def || raw === null || typeof raw === 'boolean') {
      changes[key] = raw;
      continue;
    }
    if (def.type.kind === 'integer') {
      const text = raw.trim();
      if (!/^-?\d+$/.test(text)) errors[key] = 'Enter a whole number';
      else changes[key] = Number(text);
    } else {
      changes[key] = def.type.kind === 'timezone' ? raw.trim() : raw;
    }
  }
  return { changes, errors };
}
