// Checks a batch of setting changes against the definitions. All or nothing:
// the caller writes only when there are no errors, so a bad value never
// reaches the database or a node.
import {
  LEVEL_FAMILIES,
  SETTINGS_BY_KEY,
  type Family,
  type Level,
  type SettingDef,
  type SettingValue,
} from './definitions';
import { emailError } from './names';

/** A change sets a value, or null to remove the override and inherit again. */
export type SettingChanges = Record<string, SettingValue | null>;

export interface ValidationResult {
  changes: SettingChanges;
  /** Per key; empty when everything is valid. */
  errors: Record<string, string>;
  /** Keys refused because the caller may not change them (the API answers 403 rather than 400). */
  forbidden: string[];
}

export interface ValidateOptions {
  level: Level;
  /** Cluster defaults are saved one family at a time. */
  family?: Family;
  /** Server administrators may change every setting; domain administrators only those marked domainAdmin. */
  allSettings: boolean;
}

export function validateChanges(input: Record<string, unknown>, opts: ValidateOptions): ValidationResult {
  const changes: SettingChanges = {};
  const errors: Record<string, string> = {};
  const forbidden: string[] = [];
  const families = opts.family ? [opts.family] : LEVEL_FAMILIES[opts.level];
  for (const [key, raw] of Object.entries(input)) {
    const def = SETTINGS_BY_KEY.get(key);
    if (!def) {
      errors[key] = `Unknown setting "${key}"`;
      continue;
    }
    if (!families.includes(def.family)) {
      errors[key] = `"${def.label}" is not one of the ${families.join('/')} settings and cannot be set here`;
      continue;
    }
    if (!opts.allSettings && !def.domainAdmin) {
      errors[key] = `Only server administrators may change "${def.label}"`;
      forbidden.push(key);
      continue;
    }
    if (raw === null) {
      changes[key] = null;
      continue;
    }
    const error = valueError(def, raw);
    if (error) errors[key] = error;
    else changes[key] = raw as SettingValue;
  }
  return { changes, errors, forbidden };
}

/** Why `value` is not valid for the setting, or null. */
export function valueError(def: SettingDef, value: unknown): string | null {
  const t = def.type;
  switch (t.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? null : 'Expected on or off (true or false)';
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return 'Expected a whole number';
      if (value < t.min || value > t.max) return `Must be between ${t.min} and ${t.max}${t.unit ? ` ${t.unit}` : ''}`;
      return null;
    case 'enum':
      return typeof value === 'string' && t.values.includes(value) ? null : `Must be one of: ${t.values.join(', ')}`;
    case 'string':
      if (typeof value !== 'string') return 'Expected text';
      if (value.length > t.maxLength) return `At most ${t.maxLength} characters`;
      if (hasControlCharacter(value)) return 'Control characters (e.g. line breaks) are not allowed';
      if (t.format === 'email' && value !== '') return emailError(value.trim());
      return null;
    case 'timezone':
      return typeof value === 'string' && isTimeZone(value)
        ? null
        : `Unknown time zone; use an IANA name such as Europe/Berlin`;
  }
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function isTimeZone(value: string): boolean {
  if (value === '' || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
