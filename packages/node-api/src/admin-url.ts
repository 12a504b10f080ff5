// Admin URLs are typed in by administrators, so validation explains what is
// wrong in words they can act on.
import { validateHost } from './host';

/** Returns a human-readable problem with `url`, or null when it is usable. */
export function validateAdminUrl(url: string): string | null {
  const raw = url.trim();
  if (raw === '') return 'Enter the node admin URL, e.g. http://10.0.0.5:4001';
  // "10.0.0.5:4001" would otherwise parse as a URL with the scheme "10.0.0.5:".
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    const example = /^[\w.[\]:-]+$/.test(raw) ? raw : '10.0.0.5:4001';
    return `The admin URL must start with http:// or https://, e.g. http://${example}`;
  }
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return `"${raw}" is not a valid URL; expected something like http://10.0.0.5:4001`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `The admin URL must start with http:// or https://, not ${parsed.protocol}//`;
  }
  if (parsed.hostname === '') return 'The admin URL has no host name';
  if (parsed.username !== '' || parsed.password !== '') {
    return 'The admin URL must not contain a user name or password; the admin token is sent separately';
  }
  // Checked on the raw text: `new URL` drops an empty "?" or "#".
  if (raw.includes('?')) return 'The admin URL must not contain a query string (?...)';
  if (raw.includes('#')) return 'The admin URL must not contain a fragment (#...)';
  if (parsed.port === '0') return 'The admin URL must not use port 0';
  return null;
}

/**
 * Canonical form of a valid admin URL: no trailing slash, so endpoint paths
 * can be appended directly. A path prefix (reverse proxy) is kept.
 * Throws a TypeError with the validation message when the URL is invalid.
 */
export function normalizeAdminUrl(url: string): string {
  const problem = validateAdminUrl(url);
  if (problem) throw new TypeError(problem);
  return new URL(url.trim()).href.replace(/\/+$/, '');
}

/**
 * The stricter form the console accepts for a node it registers or tests: on top of
 * validateAdminUrl, the host must be written canonically (four-decimal IPv4, bracketed IPv6 or a
 * DNS name; never "2130706433", "0x7f.1" or "010.0.0.1", which the URL parser would quietly turn into
 * an address), and nothing may follow the port but an optional "/". Returns a problem or null.
 */
export function validateNodeAdminUrl(url: string): string | null {
  const problem = validateAdminUrl(url);
  if (problem) return problem;
  const raw = url.trim();
  const m = /^https?:\/\/([^/?#]*)(.*)$/i.exec(raw);
  if (!m) return 'The admin URL must start with http:// or https://';
  const [, authority = '', rest = ''] = m;
  if (rest !== '' && rest !== '/') return 'The admin URL must not have a path; give only scheme, host and port';
  const hp = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec(authority);
  if (!hp) return `"${authority}" is not a host with an optional port`;
  const host = hp[1] ?? '';
  const hostProblem = validateHost(host);
  if (hostProblem) return hostProblem;
  const port = hp[2];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return 'The port must be 1-65535';
  return null;
}
