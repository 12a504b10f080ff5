/**
 * Display formatters. A fixed locale keeps server and browser output identical (no hydration
 * mismatch) and keeps numbers predictable for operators reading "1,000" across the team.
 */
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const dateTime = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

export function formatInt(n: number | null | undefined): string {
  return n == null ? '—' : integer.format(n);
}

export function formatPercent(n: number | null | undefined): string {
  return n == null ? '—' : `${oneDecimal.format(n)} %`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

export function formatBytes(n: number | null | undefined): string {
  if (n == null) return '—';
  let value = n;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? integer.format(value) : oneDecimal.format(value)} ${BYTE_UNITS[unit]}`;
}

/** A Date or epoch milliseconds (the Single Service Image sends times as numbers). */
export function formatDateTime(d: Date | number | null | undefined): string {
  return d != null ? dateTime.format(d) : '—';
}

/**
 * "0.8 s ago" / "12 s ago" / "5 min ago". Sub-10 s gets a decimal: the Down verdict comes after 3 s,
 * so operators need to tell 0.9 s from 2.9 s. Clock skew can make ages negative; clamp to zero.
 */
export function formatAge(ms: number): string {
  const age = Math.max(0, ms);
  if (age < 10_000) return `${oneDecimal.format(Math.floor(age / 100) / 10)} s ago`;
  if (age < 60_000) return `${Math.floor(age / 1000)} s ago`;
  if (age < 3_600_000) return `${Math.floor(age / 60_000)} min ago`;
  if (age < 86_400_000) return `${Math.floor(age / 3_600_000)} h ago`;
  return `${Math.floor(age / 86_400_000)} d ago`;
}

/** Uptime-style duration: "3 d 4 h", "2 h 5 min", "40 s". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min`;
  return `${s} s`;
}
