import { lookup } from 'node:dns/promises';
import net from 'node:net';

import { fieldError } from '../../errors';

/**
 * CC_NODE_NETWORKS: the networks node admin URLs may point into (comma-separated CIDRs, e.g.
 * "10.0.0.0/8, fd00::/8"). Unset or empty: any address. A DNS name is resolved and every address
 * it resolves to must be inside, so a name cannot smuggle in one outside address among good ones.
 */
export interface NodeNetworks {
  readonly spec: string;
  allows(address: string): boolean;
}

/** Parses the setting; throws an Error naming the first entry that is not a CIDR. Null = any address. */
export function parseNodeNetworks(spec: string | undefined): NodeNetworks | null {
  const entries = (spec ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return null;
  const list = new net.BlockList();
  for (const entry of entries) {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(entry);
    const family = m ? net.isIP(m[1]!) : 0;
    const prefix = Number(m?.[2]);
    if (!m || family === 0 || prefix > (family === 4 ? 32 : 128)) {
      throw new Error(`"${entry}" is not a network in CIDR form, e.g. 10.0.0.0/8 or fd00::/8`);
    }
    list.addSubnet(m[1]!, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return {
    spec: entries.join(', '),
    allows(address) {
      const family = net.isIP(address);
      if (family === 0) return false;
      // An IPv4-mapped IPv6 address reaches the IPv4 host: judge it as that.
      const mapped = family === 6 ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] : undefined;
      if (mapped) return list.check(mapped, 'ipv4');
      return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

let cached: { spec: string | undefined; networks: NodeNetworks | null } | undefined;

/** The configured networks, read from the environment at each use (parsed once per value). */
export function configuredNodeNetworks(): NodeNetworks | null {
  const spec = process.env.CC_NODE_NETWORKS;
  if (cached && cached.spec === spec) return cached.networks;
  const networks = parseNodeNetworks(spec);
  cached = { spec, networks };
  return networks;
}

/**
 * Refuses (BAD_REQUEST on adminUrl) a URL whose host is, or resolves to, any address outside the
 * configured networks. Resolves nothing when no networks are configured.
 */
export async function assertNodeUrlAllowed(url: string, networks = configuredNodeNetworks()): Promise<void> {
  if (!networks) return;
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  try {
    addresses = net.isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    addresses = [];
  }
  if (addresses.length === 0) {
    throw fieldError('BAD_REQUEST', 'adminUrl', `"${host}" could not be resolved, so it cannot be checked.`);
  }
  if (!addresses.every((a) => networks.allows(a))) {
    throw fieldError(
      'BAD_REQUEST',
      'adminUrl',
      `This address is outside the networks nodes may be in (CC_NODE_NETWORKS: ${networks.spec}).`,
    );
  }
}

/** Wraps a fetch so every request to a node is first checked against the configured networks. */
export function guardNodeFetch(inner: typeof fetch): typeof fetch {
  const guarded = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    await assertNodeUrlAllowed(input instanceof Request ? input.url : String(input));
    return inner(input, init);
  };
  return guarded as typeof fetch;
}
