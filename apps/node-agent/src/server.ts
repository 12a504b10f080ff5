// Routing and authentication for the admin API, driven by the shared endpoint
// table so the agent serves exactly the contract. Auth is checked before any
// handler runs or the body is read: a wrong token changes nothing.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { CLUSTER_SECRET_HEADER, type EndpointSpec, type Endpoints, type ErrorBody } from '@cc/node-api';
import type { z } from 'zod';
import { bearerToken, type SecretCheck } from './auth';

type Schema<S extends EndpointSpec> = S['response']['schema'];
export type Reply<S extends EndpointSpec> = S['response']['contentType'] extends 'text/plain'
  ? { text: string; contentType?: string }
  : { json: z.input<Schema<S>> };
/** The validated request body, for endpoints that take one. */
export type Body<S extends EndpointSpec> = S extends { body: infer B extends z.ZodType } ? z.output<B> : undefined;
export type Handler<S extends EndpointSpec> = (ctx: {
  req: IncomingMessage;
  body: Body<S>;
}) => Reply<S> | Promise<Reply<S>>;
export type Handlers<E extends Endpoints> = { [K in keyof E]: Handler<E[K]> };

export interface RouterOptions<E extends Endpoints> {
  endpoints: E;
  handlers: Handlers<E>;
  admin: SecretCheck;
  cluster: SecretCheck;
  onError?: (err: unknown, req: IncomingMessage) => void;
  maxBodyBytes?: number;
  /** Larger (or smaller) limits for single endpoints, e.g. a whole configuration snapshot. */
  bodyLimits?: Partial<Record<keyof E, number>>;
}

/** Thrown by a handler to answer with this status and the JSON error shape. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

function sendError(res: ServerResponse, err: HttpError) {
  const body: ErrorBody = { error: { code: err.code, message: err.message } };
  send(res, err.status, 'application/json; charset=utf-8', JSON.stringify(body), err.headers);
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, 'body-too-large', `Request body exceeds ${limit} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid-body', 'Request body is not valid JSON');
  }
}

function authorize(spec: EndpointSpec, req: IncomingMessage, opts: RouterOptions<Endpoints>): void {
  if (spec.auth === 'bearer') {
    const token = bearerToken(req.headers.authorization);
    if (token === undefined) {
      throw new HttpError(401, 'unauthorized', 'Missing admin token; send "Authorization: Bearer <token>"', {
        'www-authenticate': 'Bearer realm="cc-node"',
      });
    }
    if (!opts.admin.matches(token)) {
      throw new HttpError(401, 'unauthorized', 'Wrong admin token', {
        'www-authenticate': 'Bearer realm="cc-node", error="invalid_token"',
      });
    }
  } else if (spec.auth === 'cluster') {
    const secret = req.headers[CLUSTER_SECRET_HEADER];
    if (!opts.cluster.matches(typeof secret === 'string' ? secret : undefined)) {
      throw new HttpError(401, 'unauthorized', 'Missing or wrong cluster secret');
    }
  }
}

/** Ends the connection gently (the client reads the answer), and drops it if the client keeps sending. */
function closeAfterAnswer(socket: Socket): void {
  socket.end();
  socket.resume();
  setTimeout(() => socket.destroy(), 2000).unref();
}

export function createRouter<E extends Endpoints>(options: RouterOptions<E>): RequestListener {
  const opts = options as unknown as RouterOptions<Endpoints>;
  const specs = Object.entries(opts.endpoints);
  const limit = opts.maxBodyBytes ?? 64 * 1024;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://node').pathname;
    const method = req.method ?? 'GET';
    const onPath = specs.filter(([, s]) => s.path === path);
    if (onPath.length === 0) throw new HttpError(404, 'not-found', `No such endpoint: ${method} ${path}`);
    const match = onPath.find(([, s]) => s.method === method);
    if (!match) {
      const allow = onPath.map(([, s]) => s.method).join(', ');
      throw new HttpError(405, 'method-not-allowed', `${path} only supports ${allow}`, { allow });
    }
    const [key, spec] = match;
    authorize(spec, req, opts);

    let body: unknown;
    if (spec.body) {
      const parsed = spec.body.safeParse(await readJson(req, opts.bodyLimits?.[key] ?? limit));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new HttpError(
          400,
          'invalid-body',
          `Invalid request body: ${issue?.path.join('.') || '(body)'}: ${issue?.message}`,
        );
      }
      body = parsed.data;
    }

    // The handler table is erased to the generic spec here; `body` was checked against this endpoint's schema.
    const reply = (await opts.handlers[key]!({ req, body: body as undefined })) as {
      json?: unknown;
      text?: string;
      contentType?: string;
    };
    if (reply.text !== undefined) {
      send(res, 200, reply.contentType ?? 'text/plain; charset=utf-8', reply.text);
      return;
    }
    // Never put a contract-breaking answer on the wire: fail loudly instead.
    const checked = spec.response.schema.safeParse(reply.json);
    if (!checked.success)
      throw new Error(`Handler for ${method} ${path} broke the response schema: ${checked.error.message}`);
    send(res, 200, 'application/json; charset=utf-8', JSON.stringify(checked.data));
  }

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!(err instanceof HttpError)) opts.onError?.(err, req);
      const httpErr =
        err instanceof HttpError
          ? err
          : new HttpError(500, 'internal', `Internal error: ${(err as Error)?.message ?? err}`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // A refusal before the whole body was read (401, 413, ...) leaves the rest of it on the connection,
      // where a keep-alive client's next request would queue behind it: answer, then close.
      if (!req.complete) {
        httpErr.headers.connection = 'close';
        const socket = res.socket ?? req.socket;
        if (socket) res.on('finish', () => closeAfterAnswer(socket));
      }
      sendError(res, httpErr);
    });
  };
}
