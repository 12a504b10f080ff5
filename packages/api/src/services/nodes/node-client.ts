import { createNodeClient, type NodeClient } from '@cc/node-api';

import type { SecretBox } from '../secrets/secret-box';

/** A client for a registered node: its admin URL and its sealed token, opened only here. */
export function clientForNode(
  node: { adminUrl: string; tokenEnc: string },
  secrets: SecretBox,
  timeoutMs: number,
): NodeClient {
  return createNodeClient({ baseUrl: node.adminUrl, token: secrets.open(node.tokenEnc), timeoutMs });
}
