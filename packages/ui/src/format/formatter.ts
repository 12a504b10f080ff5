/**
 * The console's one formatter: dates, times, numbers, sizes, durations and plurals through `Intl`,
 * for one locale and one time zone (the user's preference, else the browser's). Pure: the same
 * preferences give the same text on the server and in the browser, so hydration never disagrees.
 */
import { plural } from '../plural';

export interface FormatPrefs {
  /** BCP 47 tag, e.g. "en-GB". */
  locale: string;
  /** IANA zone, e.g. "Europe/Berlin". */
  timeZone: string;
}

/** A moment as the API sends it: a Date, or epoch milliseconds (the Single Service Image's plain JSON). */
export type Instant = Date | number;

export const MISSING = '—';
export const DEFAULT_PREFS: FormatPrefs = { locale: 'en-GB', timeZone: 'UTC' };

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Whether Intl knows the locale and zone; a stale or hand-edited preference falls back instead of throwing. */
export function validPrefs(prefs: Partial<FormatPrefs>, fallback: FormatPrefs = DEFAULT_PREFS): FormatPrefs {
  return {
    locale: validLocale(prefs.locale) ?? fallback.locale,
    timeZone: validZone(prefs.timeZone) ?? fallback.timeZone,
  };
}

function validLocale(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  try {
    return Intl.getCanonicalLocales(locale)[0];
  } catch {
    return undefined;
  }
}

function validZone(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export type Formatter = ReturnType<typeof createFormatter>;

export function createFormatter(input: FormatPrefs) {
  const { locale, timeZone } = validPrefs(input);
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const oneDecimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const dateTime = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'medium' });
  const date = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium' });
  const time = new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'medium' });
  const shortTime = new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'short' });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'always', style: 'short' });
  const units = new Map<string, Intl.NumberFormat>();
  const unit = (name: 'day' | 'hour' | 'minute' | 'second' | 'millisecond', value: number, digits = 0) => {
    const key = `${name}:${digits}`;
    let f = units.get(key);
    if (!f) {
      f = new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: name,
        unitDisplay: 'short',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
      units.set(key, f);
    }
    return f.format(value);
  };

  const fmt = {
    locale,
    timeZone,
    /** "12,345" (grouping per locale). */
    integer: (n: number | null | undefined) => (n == null ? MISSING : integer.format(n)),
    /** A number with up to `digits` decimals. */
    number: (n: number | null | undefined, digits = 1) =>
      n == null ? MISSING : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n),
    /** A percentage given as 0–100 (the API's CPU and memory figures): "12.3 %" or "12,3 %". */
    percent: (n: number | null | undefined) => (n == null ? MISSING : percent.format(n / 100)),
    /** A ratio such as an overhead factor: "1.25×". */
    ratio: (n: number | null | undefined) =>
      n == null
        ? MISSING
        : `${new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n)}×`,
    /** Binary sizes: "512 B", "1.5 MiB". */
    bytes: (n: number | null | undefined) => {
      if (n == null) return MISSING;
      let value = n;
      let u = 0;
      while (Math.abs(value) >= 1024 && u < BYTE_UNITS.length - 1) {
        value /= 1024;
        u += 1;
      }
      return `${u === 0 ? integer.format(value) : oneDecimal.format(value)} ${BYTE_UNITS[u]}`;
    },
    /** Date and time to the second, in the user's zone. */
    dateTime: (d: Instant | null | undefined) => (d == null ? MISSING : dateTime.format(d)),
    date: (d: Instant | null | undefined) => (d == null ? MISSING : date.format(d)),
    /** Time of day; `seconds: false` for chart axes. */
    time: (d: Instant | null | undefined, { seconds = true } = {}) =>
      d == null ? MISSING : (seconds ? time : shortTime).format(d),
    /** Custom date parts (chart ticks), still in the user's zone and locale. */
    dateParts: (d: Instant, options: Omit<Intl.DateTimeFormatOptions, 'timeZone'>) =>
      new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(d),
    /**
     * How long ago, from an age in ms: "0.8 sec. ago", "12 sec. ago", "5 min. ago". Under 10 s gets a
     * decimal: the Down verdict comes after 3 s, so operators tell 0.9 s from 2.9 s. Clock skew can
     * make ages negative; they clamp to zero.
     */
    ago: (ageMs: number) => {
      const age = Math.max(0, ageMs);
      if (age < 10 * SECOND) return relative.format(-Math.floor(age / 100) / 10, 'second');
      if (age < MINUTE) return relative.format(-Math.floor(age / SECOND), 'second');
      if (age < HOUR) return relative.format(-Math.floor(age / MINUTE), 'minute');
      if (age < DAY) return relative.format(-Math.floor(age / HOUR), 'hour');
      return relative.format(-Math.floor(age / DAY), 'day');
    },
    /** A span of time, two largest units: "3 days 4 hr", "2 hr 5 min", "40 sec". */
    duration: (ms: number | null | undefined) => {
      if (ms == null) return MISSING;
      const s = Math.max(0, Math.floor(ms / SECOND));
      const d = Math.floor(s / 86_400);
      const h = Math.floor((s % 86_400) / 3600);
      const m = Math.floor((s % 3600) / 60);
      if (d > 0) return `${unit('day', d)} ${unit('hour', h)}`;
      if (h > 0) return `${unit('hour', h)} ${unit('minute', m)}`;
      if (m > 0) return unit('minute', m);
      return unit('second', s);
    },
    /** Short measured times: "1.2 sec" or, with 'ms', "3.4 ms". */
    seconds: (ms: number | null | undefined) => (ms == null ? MISSING : unit('second', ms / SECOND, 1)),
    milliseconds: (ms: number | null | undefined) => (ms == null ? MISSING : unit('millisecond', ms, 1)),
    /** The noun for a count: plural(1, 'domain') → "domain". */
    plural,
    /** A count with its noun: "1 domain", "1,204 accounts". */
    count: (count: number, one: string, other = `${one}s`) => `${integer.format(count)} ${plural(count, one, other)}`,
  };
  return fmt;
}
