// Each HTTP request the console answers runs inside a log context: its id (a trusted proxy's
// X-Request-Id, else a new one) and, once the session is read, the actor. Every line logged while
// handling it, by any service, carries both; the response returns the id for support questions.
import { requestContext, requestIdFor } from '@cc/log';

import { normalizeIp } from './address-list';
import { configuredTrustedProxies, peerHeaderName } from './client-ip';

/** True when the TCP peer is a proxy named in CC_TRUSTED_PROXIES: only then are its headers believed. */
function fromTrustedProxy(headers: Headers): boolean {
  const name = peerHeaderName();
  const peer = name ? normalizeIp(headers.get(name)) : null;
  return peer !== null && configuredTrustedProxies().allows(peer);
}

export async function withRequestContext(req: Request, handler: () => Promise<Response>): Promise<Response> {
  const requestId = requestIdFor(req.headers.get('x-request-id'), fromTrustedProxy(req.headers));
  const res = await requestContext.run({ requestId }, handler);
  try {
    res.headers.set('x-request-id', requestId);
    return res;
  } catch {
    // Some responses have immutable headers (a redirect): answer with a copy.
    const headers = new Headers(res.headers);
    headers.set('x-request-id', requestId);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  }
}
