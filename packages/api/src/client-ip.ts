// The one place the client's address is decided (audit `sourceIp`, the per-address sign-in limit).
// Headers like X-Forwarded-For are whatever the client wrote unless a proxy we trust wrote them, so the
// starting point is the TCP peer: Next.js route handlers never see the socket, so the process's HTTP
// server copies it into a header whose name is random per process (installPeerAddressHeader, called
// from instrumentation.ts), which a client can neither guess nor forge.
import { randomBytes } from 'node:crypto';

import { normalizeIp, parseAddressList, type AddressList } from './address-list';
import { currentEnv } from './env';

const PEER_HEADER = Symbol.for('cc.peer-address-header');

interface PeerGlobal {
  [PEER_HEADER]?: string;
}

/** The header carrying the TCP peer's address in this process, or null before it was installed. */
export function peerHeaderName(): string | null {
  return (globalThis as PeerGlobal)[PEER_HEADER] ?? null;
}

interface ServerPrototype {
  emit(event: string | symbol, ...args: unknown[]): boolean;
}
interface IncomingLike {
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string | undefined } | null;
}

/**
 * Makes every HTTP server of this process stamp each request with its socket's peer address before
 * any handler sees it. Idempotent; returns the header's name.
 */
export function installPeerAddressHeader(serverPrototype: ServerPrototype): string {
  const existing = peerHeaderName();
  if (existing) return existing;
  const name = `x-cc-peer-${randomBytes(12).toString('hex')}`;
  const emit = serverPrototype.emit;
  serverPrototype.emit = function (this: unknown, event, ...args) {
    if (event === 'request') {
      const req = args[0] as IncomingLike;
      const address = req.socket?.remoteAddress;
      if (address) req.headers[name] = address;
      else delete req.headers[name];
    }
    return emit.call(this, event, ...args);
  };
  (globalThis as PeerGlobal)[PEER_HEADER] = name;
  return name;
}

export type TrustedProxies = AddressList;

/** `CC_TRUSTED_PROXIES`: comma-separated addresses and CIDR ranges; throws on a malformed entry. */
export function parseTrustedProxies(spec: string | undefined): TrustedProxies {
  return parseAddressList(spec, {
    bareAddresses: true,
    invalid: (entry) => `"${entry}" is not an IP address or CIDR range`,
  });
}

/** The configured proxies (validated at start by env.ts). */
export function configuredTrustedProxies(): TrustedProxies {
  return currentEnv().CC_TRUSTED_PROXIES;
}

/**
 * The client's address: the TCP peer, unless the peer is a trusted proxy; then the right-most
 * X-Forwarded-For entry that is not a trusted proxy (everything left of it was written by the
 * client). Null when the peer is unknown: no client-written header is ever taken on its own.
 */
export function clientIp(headers: Headers, trusted: TrustedProxies = configuredTrustedProxies()): string | null {
  const name = peerHeaderName();
  const peer = name ? normalizeIp(headers.get(name)) : null;
  if (!peer || !trusted.allows(peer)) return peer;
  const hops = (headers.get('x-forwarded-for') ?? '').split(',').reverse();
  let nearest = peer;
  for (const hop of hops) {
    if (!hop.trim()) continue;
    const ip = normalizeIp(hop);
    // A trusted proxy wrote this entry; if it is not an address, the proxy it came through is the best known.
    if (!ip) return nearest;
    if (!trusted.allows(ip)) return ip;
    nearest = ip;
  }
  return nearest;
}
