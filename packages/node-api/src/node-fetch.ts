// Just enough of `fetch` for the node admin API (status, headers.get, text, json), over node:http(s)
// with keep-alive agents, and with the TLS checks a node needs: a pinned certificate fingerprint or a
// CA. Node's own verification cannot pin a self-signed certificate (with rejectUnauthorized: false it
// never calls checkServerIdentity), so the request is written only after the peer certificate of its
// socket has been compared: the token is never sent to a certificate that was not the expected one.
import { X509Certificate } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { connect, type TLSSocket } from 'node:tls';

import { normalizeFingerprint } from './fingerprint';

export interface NodeTls {
  /** The SHA-256 fingerprint the node's certificate must have, as "AB:CD:…" (Node's fingerprint256). */
  fingerprint256?: string | null;
  /** PEM CA certificates: the node's chain and host name are verified against them instead of a pin. */
  ca?: string | null;
  /**
   * Any certificate: encrypted but not authenticated. Only for agent-to-agent calls, which the cluster
   * secret authenticates; never for a request that carries an admin token.
   */
  anyCertificate?: boolean;
}

/** A fetch that also takes the TLS expectations of the node it talks to. */
export type NodeFetch = (input: string | URL, init?: RequestInit & { tls?: NodeTls }) => Promise<Response>;

export type CertificateErrorCode = 'certificate-changed' | 'certificate-untrusted';

/** The node presented a certificate other than the one expected; nothing was sent. */
export class CertificateError extends Error {
  override readonly name = 'CertificateError';
  constructor(
    readonly code: CertificateErrorCode,
    message: string,
    readonly presented: string | null,
    readonly expected: string | null = null,
  ) {
    super(message);
  }
}

export { normalizeFingerprint };

/** The SHA-256 fingerprint of a PEM certificate, as Node prints it. */
export function certificateFingerprint(pem: string | Buffer): string {
  return new X509Certificate(pem).fingerprint256;
}

export interface NodeFetchOptions {
  /** Keep idle connections to each node (default true). */
  keepAlive?: boolean;
}

/**
 * How long an idle connection to a node is kept. Longer than a collector round (a poll a second, but
 * a round over 1,000 nodes on a busy console can take longer) and than the gap between pushes, or
 * every round reconnects to every node (at 1.5 s, a third of a busy console's CPU went to connecting
 * and timing sockets out). Node shortens it to a server's advertised `Keep-Alive: timeout` (agents
 * advertise 10 s).
 */
export const NODE_IDLE_MS = 4000;

export function createNodeFetch(options: NodeFetchOptions = {}): NodeFetch {
  // Two idle connections per node: a push and the collector's poll may be in flight at once and both
  // reuse theirs. No TLS session cache: every new connection shows its whole certificate.
  const keepAlive = options.keepAlive ?? true;
  const agentOptions = { keepAlive, maxFreeSockets: 2, timeout: NODE_IDLE_MS };
  const agents = {
    'http:': new http.Agent(agentOptions),
    'https:': new https.Agent({ ...agentOptions, maxCachedSessions: 0 }),
  };
  return (input, init = {}) =>
    new Promise((resolve, reject) => {
      const url = new URL(input);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        reject(new TypeError(`unsupported protocol ${url.protocol}`));
        return;
      }
      const tls = init.tls ?? {};
      const pinned = tls.fingerprint256 ? normalizeFingerprint(tls.fingerprint256) : null;
      const secure = url.protocol === 'https:';
      const send = secure ? https.request : http.request;
      const tlsOptions = secure
        ? pinned || tls.anyCertificate
          ? { rejectUnauthorized: false }
          : { rejectUnauthorized: true, ...(tls.ca && { ca: tls.ca }) }
        : {};
      const req = send(
        url,
        {
          method: init.method ?? 'GET',
          headers: init.headers as Record<string, string> | undefined,
          // The agent's pool key includes `ca` and rejectUnauthorized, so a socket verified against a CA
          // never serves a pinned request unchecked, nor the other way round (pins are checked each time).
          agent: agents[url.protocol],
          ...tlsOptions,
          ...(init.signal && { signal: init.signal }),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve(minimalResponse(res.statusCode ?? 0, res.headers, text));
          });
        },
      );
      req.on('error', reject);
      const body = typeof init.body === 'string' ? init.body : undefined;
      if (!secure || !pinned) {
        req.end(body);
        return;
      }
      req.once('socket', (socket) => {
        const tlsSocket = socket as TLSSocket;
        const check = () => {
          const presented = tlsSocket.getPeerCertificate?.()?.fingerprint256 ?? null;
          if (presented === pinned) {
            req.end(body);
            return;
          }
          req.destroy(
            new CertificateError(
              'certificate-changed',
              `certificate changed: expected fingerprint ${pinned}, got ${presented ?? 'none'}`,
              presented,
              pinned,
            ),
          );
        };
        // A kept-alive socket has shown its certificate already; a new one shows it after the handshake.
        if (!tlsSocket.connecting && tlsSocket.getPeerCertificate?.()?.fingerprint256) check();
        else tlsSocket.once('secureConnect', check);
      });
    });
}

const SHARED = Symbol.for('cluster-console.node-fetch');

/**
 * The process's connections to nodes, one pool for the collector's polls and every other call (pushes,
 * readiness, …), so a push reuses the connection the last poll left open. Pinned on globalThis:
 * Next.js loads this module once per bundle (the tRPC route, instrumentation).
 */
export function sharedNodeFetch(): NodeFetch {
  const g = globalThis as { [SHARED]?: NodeFetch };
  return (g[SHARED] ??= createNodeFetch());
}

/** Fetches the certificate a TLS server presents, sending nothing but the handshake. */
export async function fetchCertificate(
  url: string,
  options: { ca?: string | null; timeoutMs?: number } = {},
): Promise<PresentedCertificate> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(target.port || 443);
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port,
      ...(isIp(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
      ...(options.ca && { ca: options.ca }),
    });
    socket.setTimeout(options.timeoutMs ?? 3000, () =>
      socket.destroy(Object.assign(new Error('no TLS handshake in time'), { code: 'ETIMEDOUT' })),
    );
    socket.once('error', reject);
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate();
      const error = socket.authorizationError ? String(socket.authorizationError) : null;
      socket.end();
      if (!peer?.fingerprint256) {
        reject(new Error('the server presented no certificate'));
        return;
      }
      resolve({
        fingerprint256: peer.fingerprint256,
        subject: [peer.subject?.CN ?? ''].flat().join(', '),
        validFrom: new Date(peer.valid_from).toISOString(),
        validTo: new Date(peer.valid_to).toISOString(),
        // Verified against the CA given (or the system's) including the host name.
        verified: error === null,
        verifyError: error,
      });
    });
  });
}

export interface PresentedCertificate {
  fingerprint256: string;
  subject: string;
  validFrom: string;
  validTo: string;
  verified: boolean;
  verifyError: string | null;
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

function minimalResponse(status: number, headers: http.IncomingHttpHeaders, text: string): Response {
  const response = {
    status,
    ok: status >= 200 && status < 300,
    headers: {
      get(name: string): string | null {
        const value = headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    text: () => Promise.resolve(text),
    json: () => Promise.resolve(JSON.parse(text) as unknown),
  };
  return response as unknown as Response;
}
