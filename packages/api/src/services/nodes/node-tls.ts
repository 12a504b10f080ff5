import { fetchCertificate, normalizeFingerprint, type NodeTls, type PresentedCertificate } from '@cc/node-api';

import { readNodeCaFile } from '../../ca-file';
import { currentEnv } from '../../env';
import { fieldError } from '../../errors';

/**
 * How the console trusts a node: its certificate's fingerprint, confirmed by an administrator and
 * pinned; a certificate CC_NODE_CA_FILE vouches for; or plain HTTP, chosen explicitly for that node.
 */
export type NodeTrust = 'pinned' | 'ca' | 'plain-http';

/** The PEM of CC_NODE_CA_FILE (read and checked by env.ts); null when unset. */
export function configuredNodeCa(): string | null {
  return currentEnv().CC_NODE_CA_FILE?.pem ?? null;
}

export { readNodeCaFile };

/** The TLS expectations of a registered node for the node client. */
export function tlsForNode(node: { adminUrl: string; tlsFingerprint: string | null }): NodeTls | undefined {
  if (!node.adminUrl.startsWith('https:')) return undefined;
  if (node.tlsFingerprint) return { fingerprint256: node.tlsFingerprint };
  return { ca: configuredNodeCa() };
}

export const PLAIN_HTTP_REFUSED =
  'Plain HTTP sends the node\'s token in clear text: use https://, or choose "Allow plain HTTP" for this node.';

export interface TrustInput {
  adminUrl: string;
  /** The fingerprint the administrator confirmed, in any usual spelling. */
  tlsFingerprint?: string | undefined;
  allowPlainHttp?: boolean | undefined;
}

export type TrustCheck =
  | { trust: NodeTrust; certificate: PresentedCertificate | null; tls: NodeTls | undefined }
  | { trust: 'unconfirmed'; certificate: PresentedCertificate; tls: NodeTls };

/**
 * The "fetch certificate" step, before any token is sent: what the node at the URL presents, checked
 * against the fingerprint the administrator confirmed (or the configured CA). 'unconfirmed': a
 * certificate nobody vouched for yet, to show to the administrator (and pinned for the agent check).
 */
export async function checkNodeTrust(input: TrustInput, timeoutMs = 3000): Promise<TrustCheck> {
  if (input.adminUrl.startsWith('http:')) {
    if (!input.allowPlainHttp) throw fieldError('BAD_REQUEST', 'adminUrl', PLAIN_HTTP_REFUSED);
    return { trust: 'plain-http', certificate: null, tls: undefined };
  }
  const ca = configuredNodeCa();
  let certificate: PresentedCertificate;
  try {
    certificate = await fetchCertificate(input.adminUrl, { ca, timeoutMs });
  } catch {
    throw fieldError('BAD_REQUEST', 'adminUrl', 'No TLS server answered at this address.');
  }
  const presented = certificate.fingerprint256;
  if (input.tlsFingerprint) {
    const confirmed = normalizeFingerprint(input.tlsFingerprint);
    if (!confirmed) throw fieldError('BAD_REQUEST', 'tlsFingerprint', 'Not a SHA-256 fingerprint (64 hex digits).');
    if (confirmed !== presented) {
      throw fieldError(
        'BAD_REQUEST',
        'tlsFingerprint',
        `The node presents fingerprint ${presented}, not the confirmed ${confirmed}. Nothing was sent or saved.`,
      );
    }
    return { trust: 'pinned', certificate, tls: { fingerprint256: presented } };
  }
  if (ca && certificate.verified) return { trust: 'ca', certificate, tls: { ca } };
  return { trust: 'unconfirmed', certificate, tls: { fingerprint256: presented } };
}

/** Why a certificate cannot be registered without a confirmed fingerprint. */
export function unconfirmedMessage(certificate: PresentedCertificate): string {
  const ca = configuredNodeCa();
  const why =
    ca && certificate.verifyError
      ? `CC_NODE_CA_FILE does not vouch for it (${certificate.verifyError})`
      : 'it is self-signed or from an unknown authority';
  return `Confirm the node's certificate fingerprint ${certificate.fingerprint256}: ${why}.`;
}
