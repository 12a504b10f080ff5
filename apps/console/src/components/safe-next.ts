/** Where a signed-in user lands when `next` is missing or refused. */
export const DEFAULT_AFTER_SIGN_IN = '/';

// A stand-in origin: only whether `next` stays on it matters, and the result is a path.
const SAME_ORIGIN = 'http://console.invalid';

/**
 * The page to go to after signing in, from a `?next=` the client chose: a path on this console or
 * the fallback. The check is the browser's own: resolved by the URL parser (which drops tabs and
 * newlines, reads `\` as `/`, and takes `//host` or `/\host` as another host), it must stay on this
 * origin, and the path it yields must not itself read as another host.
 */
export function safeNextPath(next: unknown, fallback: string = DEFAULT_AFTER_SIGN_IN): string {
  const raw = Array.isArray(next) ? next[0] : next;
  if (typeof raw !== 'string' || raw === '') return fallback;
  let url: URL;
  try {
    url = new URL(raw, SAME_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== SAME_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/.//evil.example` resolves to the path `//evil.example`, which a browser would take as a host.
  if (!path.startsWith('/') || path.startsWith('//')) return fallback;
  return new URL(path, SAME_ORIGIN).origin === SAME_ORIGIN ? path : fallback;
}
