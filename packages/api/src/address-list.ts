// Comma-separated lists of IP addresses and CIDR ranges from the configuration (CC_TRUSTED_PROXIES,
// CC_NODE_NETWORKS): parsed once, checked with node's BlockList, IPv4-mapped IPv6 judged as IPv4.
import { BlockList, isIP } from 'node:net';

export interface AddressList {
  /** The entries as configured, for messages. */
  readonly spec: string;
  readonly empty: boolean;
  allows(address: string): boolean;
}

/** `::ffff:10.0.0.1` is 10.0.0.1; anything that is not an IP address is null. */
export function normalizeIp(value: string | null | undefined): string | null {
  const ip = value?.trim();
  if (!ip) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped && isIP(mapped) === 4) return mapped;
  return isIP(ip) ? ip.toLowerCase() : null;
}

/**
 * Throws `invalid(entry)` for the first malformed entry. `bareAddresses`: a plain address counts as
 * a /32 (/128) range; otherwise every entry must name its prefix.
 */
export function parseAddressList(
  spec: string | undefined,
  opts: { bareAddresses: boolean; invalid: (entry: string) => string },
): AddressList {
  const entries = (spec ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefixText, extra] = entry.split('/');
    const ip = normalizeIp(address);
    const family = ip ? isIP(ip) : 0;
    const max = family === 4 ? 32 : 128;
    const bare = prefixText === undefined && opts.bareAddresses;
    const prefix = bare ? max : /^\d{1,3}$/.test(prefixText ?? '') ? Number(prefixText) : NaN;
    if (!ip || extra !== undefined || !(prefix >= 0 && prefix <= max)) throw new Error(opts.invalid(entry));
    list.addSubnet(ip, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return {
    spec: entries.join(', '),
    empty: entries.length === 0,
    allows(address) {
      const ip = normalizeIp(address);
      return ip !== null && list.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
    },
  };
}
