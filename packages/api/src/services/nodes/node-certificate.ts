import { fetchCertificate, type PresentedCertificate } from '@cc/node-api';
import type { PrismaClient } from '@cc/db';

import { AppError, fieldError } from '../../errors';
import { audited } from '../audit/audited';
import { writeAudit, type Actor } from '../audit/write-audit';
import { assertNodeUrlAllowed } from './node-networks';
import { checkNodeTrust, configuredNodeCa } from './node-tls';
import { takeConnectAttempt } from './probe-node';

export interface NodeCertificateView {
  /** The fingerprint the console pins; null: CC_NODE_CA_FILE verifies the node, or plain HTTP. */
  pinned: string | null;
  allowPlainHttp: boolean;
  /** What the node presents right now (https:// only). */
  presented: PresentedCertificate | null;
  /** Why the console could not fetch it, when it could not. */
  error: string | null;
}

async function findNode(prisma: PrismaClient, id: string) {
  const node = await prisma.node.findUnique({
    where: { id },
    select: { id: true, name: true, adminUrl: true, tlsFingerprint: true, allowPlainHttp: true },
  });
  if (!node) throw new AppError('NOT_FOUND', 'No such node.');
  return node;
}

/** The pinned fingerprint beside the one the node presents now, for the node page. */
export async function nodeCertificate(prisma: PrismaClient, id: string): Promise<NodeCertificateView> {
  const node = await findNode(prisma, id);
  const view = { pinned: node.tlsFingerprint, allowPlainHttp: node.allowPlainHttp, presented: null, error: null };
  if (!node.adminUrl.startsWith('https:')) return view;
  try {
    await assertNodeUrlAllowed(node.adminUrl);
    return { ...view, presented: await fetchCertificate(node.adminUrl, { ca: configuredNodeCa(), timeoutMs: 3000 }) };
  } catch (e) {
    return { ...view, error: e instanceof AppError ? e.message : 'No TLS server answered at the admin URL.' };
  }
}

interface AcceptDeps {
  prisma: PrismaClient;
  actor: Actor;
  probeTimeoutMs?: number;
}

/**
 * Pins the certificate a node now presents, after an administrator compared its fingerprint with the
 * node's. The console fetches the certificate again: it must be the one confirmed. Audited with the
 * fingerprints before and after.
 */
export async function acceptNodeCertificate(deps: AcceptDeps, input: { id: string; tlsFingerprint: string }) {
  const node = await findNode(deps.prisma, input.id);
  const entry = {
    action: 'node.certificate.accept',
    targetType: 'node',
    targetId: node.id,
    targetName: node.name,
    before: { tlsFingerprint: node.tlsFingerprint },
    after: { tlsFingerprint: input.tlsFingerprint },
  };
  return audited(deps.prisma, deps.actor, entry, async () => {
    if (!node.adminUrl.startsWith('https:')) {
      throw fieldError('BAD_REQUEST', 'tlsFingerprint', 'This node talks plain HTTP: it has no certificate to accept.');
    }
    const found = takeConnectAttempt(deps.actor);
    await assertNodeUrlAllowed(node.adminUrl);
    const checked = await checkNodeTrust(
      { adminUrl: node.adminUrl, tlsFingerprint: input.tlsFingerprint },
      deps.probeTimeoutMs,
    );
    found();
    const fingerprint = checked.certificate!.fingerprint256;
    return deps.prisma.$transaction(async (tx) => {
      const updated = await tx.node.update({
        where: { id: node.id },
        data: { tlsFingerprint: fingerprint },
        select: { id: true, name: true, tlsFingerprint: true },
      });
      await writeAudit(tx, deps.actor, { ...entry, after: { tlsFingerprint: fingerprint }, outcome: 'SUCCESS' });
      return updated;
    });
  });
}
