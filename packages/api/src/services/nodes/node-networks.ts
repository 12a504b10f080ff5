import { lookup } from 'node:dns/promises';
import net from 'node:net';

import type { NodeFetch } from '@cc/node-api';

import { parseAddressList, type AddressList } from '../../address-list';
import { currentEnv } from '../../env';
import { fieldError } from '../../errors';

/**
 * CC_NODE_NETWORKS: the networks node admin URLs may point into (comma-separated CIDRs, e.g.
 * "10.0.0.0/8, fd00::/8"). Unset or empty: any address. A DNS name is resolved and every address
 * it resolves to must be inside, so a name cannot smuggle in one outside address among good ones.
 */
export type NodeNetworks = AddressList;

/** Parses the setting; throws an Error naming the first entry that is not a CIDR. Null = any address. */
export function parseNodeNetworks(spec: string | undefined): NodeNetworks | null {
  const list = parseAddressList(spec, {
    bareAddresses: false,
    invalid: (entry) => `"${entry}" is not a network in CIDR form, e.g. 10.0.0.0/8 or fd00::/8`,
  });
  return list.empty ? null : list;
}

/** The configured networks (validated at start by env.ts); null = any address. */
export function configuredNodeNetworks(): NodeNetworks | null {
  return currentEnv().CC_NODE_NETWORKS;
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
export function guardNodeFetch(inner: NodeFetch): NodeFetch {
  return async (input, init) => {
    await assertNodeUrlAllowed(String(input));
    return inner(input, init);
  };
}
