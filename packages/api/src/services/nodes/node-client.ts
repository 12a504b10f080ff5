import { createNodeClient, type NodeClient, type NodeClientOptions } from '@cc/node-api';

import type { SecretBox } from '../secrets/secret-box';
import { guardNodeFetch } from './node-networks';

/**
 * Every client the console opens to a node: requests are refused before connecting when the node's
 * address is outside CC_NODE_NETWORKS (a name is resolved and all its addresses checked).
 */
export function nodeClient(options: NodeClientOptions): NodeClient {
  return createNodeClient({ ...options, fetch: guardNodeFetch(options.fetch ?? globalThis.fetch) });
}

/** A client for a registered node: its admin URL and its sealed token, opened only here. */
export function clientForNode(
  node: { adminUrl: string; tokenEnc: string },
  secrets: SecretBox,
  timeoutMs: number,
): NodeClient {
  return nodeClient({ baseUrl: node.adminUrl, token: secrets.open(node.tokenEnc), timeoutMs });
}
