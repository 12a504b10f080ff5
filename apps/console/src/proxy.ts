// Runs before every request (Next.js 16 "proxy"). Two defences:
// - a per-request nonce Content-Security-Policy: only the scripts Next.js itself emits may run, so an
//   injected <script> (or an alert text rendered wrongly somewhere) cannot execute;
// - cross-site request forgery: a state-changing request to the console's API from another origin is
//   refused before it reaches a handler (better-auth checks its own routes the same way).
import { NextResponse, type NextRequest } from 'next/server';

import { consoleEnv } from './env';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function allowedOrigins(request: NextRequest): Set<string> {
  const origins = new Set([request.nextUrl.origin]);
  const { CC_PUBLIC_URL, CC_TRUSTED_ORIGINS } = consoleEnv();
  if (CC_PUBLIC_URL) origins.add(new URL(CC_PUBLIC_URL).origin);
  for (const o of CC_TRUSTED_ORIGINS?.split(',') ?? []) if (o.trim()) origins.add(o.trim());
  return origins;
}

/** A browser always sends Origin on a cross-origin POST; Sec-Fetch-Site covers the rare case it does not. */
function isCrossSite(request: NextRequest): boolean {
  const origin = request.headers.get('origin');
  if (origin) return !allowedOrigins(request).has(origin);
  return request.headers.get('sec-fetch-site') === 'cross-site';
}

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
  if (UNSAFE_METHODS.has(request.method) && request.nextUrl.pathname.startsWith('/api/') && isCrossSite(request)) {
    return NextResponse.json(
      {
        error: { code: 'FORBIDDEN', message: 'Cross-site request refused: this origin may not change anything here.' },
      },
      { status: 403 },
    );
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
  // Static assets need neither a nonce nor a forgery check.
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)' }],
};
