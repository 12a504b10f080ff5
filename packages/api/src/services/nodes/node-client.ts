import { createNodeClient, sharedNodeFetch, type NodeClient, type NodeClientOptions } from '@cc/node-api';

import type { SecretBox } from '../secrets/secret-box';
import { guardNodeFetch } from './node-networks';
import { tlsForNode } from './node-tls';

/**
 * Every client the console opens to a node: requests are refused before connecting when the node's
 * address is outside CC_NODE_NETWORKS (a name is resolved and all its addresses checked), and over
 * https:// the node's certificate is checked (pin or CA) before the token is written.
 */
export function nodeClient(options: NodeClientOptions): NodeClient {
  return createNodeClient({ ...options, fetch: guardNodeFetch(options.fetch ?? sharedNodeFetch()) });
}

/** A client for a registered node: its admin URL, its pinned certificate and its sealed token, opened only here. */
export function clientForNode(
  node: { adminUrl: string; tokenEnc: string; tlsFingerprint: string | null },
  secrets: SecretBox,
  timeoutMs: number,
): NodeClient {
  const tls = tlsForNode(node);
  return nodeClient({ baseUrl: node.adminUrl, token: secrets.open(node.tokenEnc), timeoutMs, ...(tls && { tls }) });
}
