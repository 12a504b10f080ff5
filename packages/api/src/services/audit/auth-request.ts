// What reaches better-auth from the browser, decided before it sees the request: only the endpoints
// the console uses, JSON bodies only (so the body the audit and the per-account limit read is the one
// better-auth evaluates), the client address the console derived (never a header as the client sent
// it); and what comes back: never a session token where page scripts could read it.
import { CLIENT_IP_HEADER, type Auth } from '@cc/auth';
import type { PrismaClient } from '@cc/db';

/** The auth API's mount point in the console. */
const BASE_PATH = '/api/auth';
/** Far above any sign-in or two-factor body; better-auth has no limit of its own. */
const MAX_BODY_BYTES = 16 * 1024;

/** What the audited auth handlers work with (auth-events.ts, two-factor-events.ts). */
export interface AuthAuditDeps {
  auth: Auth;
  prisma: PrismaClient;
  /** Failed sign-ins per account in ACCOUNT_WINDOW_MS before the account is refused for a while. */
  accountLimit?: number;
}

export interface Meta {
  ip: string | null;
  userAgent: string | null;
}

export interface AuthRequest {
  /** What better-auth is given: the same body, the derived client address. */
  req: Request;
  /** The path below /api/auth, e.g. `/sign-in/email`. */
  path: string;
  /** The JSON body as better-auth will parse it (null: none, or not an object). */
  body: Record<string, unknown> | null;
}

/**
 * The better-auth endpoints the console uses; every other one (change-password, update-user,
 * list-sessions, get-session, revoke-*, …) is 404: the console has its own audited procedures for
 * what they do, and some hand session tokens to page scripts. Matched exactly, as better-auth's
 * router matches (no trailing slash, no second spelling).
 */
const ALLOWED = new Set([
  'POST /sign-in/email',
  'POST /sign-out',
  'POST /two-factor/enable',
  'POST /two-factor/disable',
  'POST /two-factor/generate-backup-codes',
  'POST /two-factor/verify-totp',
  'POST /two-factor/verify-backup-code',
]);

const refuse = (status: number, code: string, message: string) => Response.json({ code, message }, { status });

/**
 * better-call parses JSON, URL-encoded and multipart bodies alike; reading only one of them let
 * form posts pass the per-account limit unseen. The console's own client sends JSON, so every other
 * body is refused (415) and the one left is read exactly as better-call reads it (`Request.json()`).
 */
export async function prepareAuthRequest(req: Request, ip: string | null): Promise<AuthRequest | Response> {
  const pathname = new URL(req.url).pathname;
  const path = pathname.startsWith(`${BASE_PATH}/`) ? pathname.slice(BASE_PATH.length) : pathname;
  if (!ALLOWED.has(`${req.method} ${path}`)) return refuse(404, 'NOT_FOUND', 'Not found.');
  let text: string | undefined;
  if (req.body !== null && req.method !== 'GET' && req.method !== 'HEAD') {
    const mediaType = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      return refuse(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json.');
    }
    if (Number(req.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) {
      return refuse(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.');
    }
    text = await req.text();
    if (Buffer.byteLength(text) > MAX_BODY_BYTES)
      return refuse(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.');
  }
  let body: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = text === undefined ? null : JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    // better-auth answers 400 for it; nothing to read here
  }
  const headers = new Headers(req.headers);
  headers.delete(CLIENT_IP_HEADER);
  headers.delete('content-length');
  if (ip) headers.set(CLIENT_IP_HEADER, ip);
  return { req: new Request(req.url, { method: req.method, headers, body: text, signal: req.signal }), path, body };
}

/**
 * The account a sign-in is for, normalised as better-auth looks it up (`email.toLowerCase()`, no
 * trimming: an address with spaces is refused before any password is checked).
 */
export function attemptedEmail(body: Record<string, unknown> | null): string | null {
  return typeof body?.email === 'string' && body.email ? body.email.toLowerCase().slice(0, 320) : null;
}

/**
 * The session token is the httpOnly cookie's value; better-auth also puts it in JSON bodies (sign-in,
 * second factor), where any script on the page could read it. Those copies are removed.
 */
export async function withoutSessionTokens(res: Response): Promise<Response> {
  if (!res.headers.get('content-type')?.includes('application/json')) return res;
  const body = (await res
    .clone()
    .json()
    .catch(() => null)) as Record<string, unknown> | null;
  if (!body || typeof body !== 'object') return res;
  const session = body.session as Record<string, unknown> | null | undefined;
  if (!('token' in body) && !(session && typeof session === 'object' && 'token' in session)) return res;
  const { token: _token, ...rest } = body;
  if (session && typeof session === 'object') {
    const { token: _sessionToken, ...sessionRest } = session;
    rest.session = sessionRest;
  }
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(rest), { status: res.status, statusText: res.statusText, headers });
}
