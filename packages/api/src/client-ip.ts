// The one place the client's address is decided (audit `sourceIp`, the per-address sign-in limit).
// Headers like X-Forwarded-For are whatever the client wrote unless a proxy we trust wrote them, so the
// starting point is the TCP peer: Next.js route handlers never see the socket, so the process's HTTP
// server copies it into a header whose name is random per process (installPeerAddressHeader, called
// from instrumentation.ts), which a client can neither guess nor forge.
import { randomBytes } from 'node:crypto';
import { BlockList, isIP } from 'node:net';

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

/** `::ffff:10.0.0.1` is 10.0.0.1; anything that is not an IP address is null. */
export function normalizeIp(value: string | null | undefined): string | null {
  const ip = value?.trim();
  if (!ip) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped && isIP(mapped) === 4) return mapped;
  return isIP(ip) ? ip.toLowerCase() : null;
}

export type TrustedProxies = BlockList;

/** `CC_TRUSTED_PROXIES`: comma-separated addresses and CIDR ranges; throws on a malformed entry. */
export function parseTrustedProxies(spec: string | undefined): TrustedProxies {
  const list = new BlockList();
  for (const raw of spec?.split(',') ?? []) {
    const entry = raw.trim();
    if (!entry) continue;
    const [address, prefixText, extra] = entry.split('/');
    const ip = normalizeIp(address);
    const family = ip ? isIP(ip) : 0;
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!ip || extra !== undefined || !(prefix >= 0 && prefix <= max)) {
      throw new Error(`"${entry}" is not an IP address or CIDR range`);
    }
    list.addSubnet(ip, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return list;
}

function isTrusted(ip: string, trusted: TrustedProxies): boolean {
  return trusted.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
}

let fromEnv: { spec: string | undefined; list: TrustedProxies } | null = null;

/** The configured proxies (validated at start by env.ts; re-read only if the variable changes). */
export function configuredTrustedProxies(): TrustedProxies {
  const spec = process.env.CC_TRUSTED_PROXIES;
  if (!fromEnv || fromEnv.spec !== spec) fromEnv = { spec, list: parseTrustedProxies(spec) };
  return fromEnv.list;
}

/**
 * The client's address: the TCP peer, unless the peer is a trusted proxy; then the right-most
 * X-Forwarded-For entry that is not a trusted proxy (everything left of it was written by the
 * client). Null when the peer is unknown: no client-written header is ever taken on its own.
 */
export function clientIp(headers: Headers, trusted: TrustedProxies = configuredTrustedProxies()): string | null {
  const name = peerHeaderName();
  const peer = name ? normalizeIp(headers.get(name)) : null;
  if (!peer || !isTrusted(peer, trusted)) return peer;
  const hops = (headers.get('x-forwarded-for') ?? '').split(',').reverse();
  let nearest = peer;
  for (const hop of hops) {
    if (!hop.trim()) continue;
    const ip = normalizeIp(hop);
    // A trusted proxy wrote this entry; if it is not an address, the proxy it came through is the best known.
    if (!ip) return nearest;
    if (!isTrusted(ip, trusted)) return ip;
    nearest = ip;
  }
  return nearest;
}
