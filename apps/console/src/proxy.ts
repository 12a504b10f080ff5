// Runs before every request (Next.js 16 "proxy"). Two defences:
// - a per-request nonce Content-Security-Policy: only the scripts Next.js itself emits may run, so an
//   injected <script> (or an alert text rendered wrongly somewhere) cannot execute;
// - cross-site request forgery: a state-changing request to the console's API from another origin is
//   refused before it reaches a handler (server/cross-site.ts; the tRPC route checks it itself, and
//   better-auth checks its own routes the same way).
import { NextResponse, type NextRequest } from 'next/server';

import { crossSiteRefusal } from './server/cross-site';

function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    // Charts and React set style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function proxy(request: NextRequest) {
  if (request.nextUrl.pathname.startsWith('/api/')) {
    const refused = crossSiteRefusal(request.method, request.headers, request.nextUrl.origin);
    if (refused) return refused;
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  // Next.js reads the nonce for its own scripts from the request's policy header.
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  // The page asked for, so the database-unavailable page can return to it (src/server/session.ts).
  requestHeaders.set('x-cc-path', request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', csp);
  return response;
}

export const config = {
  // Static assets need neither a nonce nor a forgery check; the tRPC route checks forgery itself.
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|api/trpc/).*)' }],
};
