// Node-to-node calls (heartbeats, session placement). A peer's admin URL may be https:// with the
// peer's own self-signed certificate: the connection is encrypted, and the cluster secret, not the
// certificate, authenticates each side (the console pins every node's certificate for its own calls).
import { createNodeFetch, type NodeFetch } from '@cc/node-api';

const shared = createNodeFetch();

export const peerFetch: NodeFetch = (input, init) => shared(input, { ...init, tls: { anyCertificate: true } });
