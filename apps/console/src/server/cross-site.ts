// Cross-site request forgery: a state-changing request to the console's API from another origin is
// refused before it reaches a handler. The proxy applies it to every API route but the tRPC one, whose
// route applies it itself: the proxy's per-request work (a nonce, a policy, copied headers) is for
// pages, and skipping it there is a third of a live view's read (bench/RESULTS.md, read-throughput).
import { consoleEnv } from '../env';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function allowedOrigins(requestOrigin: string): Set<string> {
  const origins = new Set([requestOrigin]);
  const { CC_PUBLIC_URL, CC_TRUSTED_ORIGINS } = consoleEnv();
  if (CC_PUBLIC_URL) origins.add(new URL(CC_PUBLIC_URL).origin);
  for (const o of CC_TRUSTED_ORIGINS?.split(',') ?? []) if (o.trim()) origins.add(o.trim());
  return origins;
}

/** A browser always sends Origin on a cross-origin POST; Sec-Fetch-Site covers the rare case it does not. */
function isCrossSite(headers: Headers, requestOrigin: string): boolean {
  const origin = headers.get('origin');
  if (origin) return !allowedOrigins(requestOrigin).has(origin);
  return headers.get('sec-fetch-site') === 'cross-site';
}

/** The 403 for a state-changing request from another site, or null when it may go on. */
export function crossSiteRefusal(method: string, headers: Headers, requestOrigin: string): Response | null {
  if (!UNSAFE_METHODS.has(method) || !isCrossSite(headers, requestOrigin)) return null;
  return Response.json(
    { error: { code: 'FORBIDDEN', message: 'Cross-site request refused: this origin may not change anything here.' } },
    { status: 403 },
  );
}
