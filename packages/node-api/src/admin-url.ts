// Admin URLs are typed in by administrators, so validation explains what is
// wrong in words they can act on.

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
