// What reaches better-auth from the browser, decided before it sees the request: JSON bodies only (so
// the body the audit and the per-account limit read is the one better-auth evaluates), and the client
// address the console derived (never a header as the client sent it).
import { CLIENT_IP_HEADER } from '@cc/auth';

/** The auth API's mount point in the console. */
const BASE_PATH = '/api/auth';
/** Far above any sign-in or two-factor body; better-auth has no limit of its own. */
const MAX_BODY_BYTES = 16 * 1024;

export interface AuthRequest {
  /** What better-auth is given: the same body, the derived client address. */
  req: Request;
  /** The path below /api/auth, e.g. `/sign-in/email`. */
  path: string;
  /** The JSON body as better-auth will parse it (null: none, or not an object). */
  body: Record<string, unknown> | null;
}

const refuse = (status: number, code: string, message: string) => Response.json({ code, message }, { status });

/**
 * better-call parses JSON, URL-encoded and multipart bodies alike; reading only one of them let
 * form posts pass the per-account limit unseen. The console's own client sends JSON, so every other
 * body is refused (415) and the one left is read exactly as better-call reads it (`Request.json()`).
 */
export async function prepareAuthRequest(req: Request, ip: string | null): Promise<AuthRequest | Response> {
  const pathname = new URL(req.url).pathname;
  const path = pathname.startsWith(`${BASE_PATH}/`) ? pathname.slice(BASE_PATH.length) : pathname;
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
