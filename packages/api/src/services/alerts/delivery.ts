// Where an alert stands on each node: delivered (the node applied the
// revision that carried it), removal applied, and how many of the node's
// open accounts it has been shown to (asked of the live nodes).
import type { PrismaClient } from '@cc/db';

import { errorMessage } from '../../errors';
import type { DomainScope } from '../domains/tenant';
import { DOWN_AFTER_MS } from '../nodes/node-state';
import { clientForNode } from '../nodes/node-client';
import type { SecretBox } from '../secrets/secret-box';
import { getAlert } from './alerts';

export async function alertDelivery(
  deps: { prisma: PrismaClient; secrets: SecretBox; timeoutMs?: number },
  scope: DomainScope,
  id: string,
  showNodes: boolean,
) {
  const alert = await getAlert(deps.prisma, scope, id);
  const nodes = await deps.prisma.node.findMany({
    orderBy: { name: 'asc' },
    select: {
      id: true,
      name: true,
      adminUrl: true,
      tokenEnc: true,
      tlsFingerprint: true,
      status: { select: { configRevision: true, lastSeenAt: true } },
    },
  });
  const now = Date.now();
  const perNode = await Promise.all(
    nodes.map(async (n) => {
      const applied = n.status?.configRevision ?? 0n;
      const live = !!n.status?.lastSeenAt && now - n.status.lastSeenAt.getTime() <= DOWN_AFTER_MS;
      let shownTo: number | null = null;
      let error: string | null = live ? null : 'down';
      if (live) {
        try {
          const res = await clientForNode(n, deps.secrets, deps.timeoutMs ?? 1500).alerts();
          shownTo = res.alerts.find((a) => a.id === alert.id)?.shownTo ?? 0;
        } catch (e) {
          error = errorMessage(e);
        }
      }
      return {
        name: n.name,
        delivered: applied >= alert.revision,
        removalApplied: alert.removedRevision !== null && applied >= alert.removedRevision,
        shownTo,
        error,
      };
    }),
  );
  return {
    alert,
    total: perNode.length,
    delivered: perNode.filter((n) => n.delivered).length,
    removalApplied: perNode.filter((n) => n.removalApplied).length,
    shownTo: perNode.reduce((sum, n) => sum + (n.shownTo ?? 0), 0),
    nodes: showNodes ? perNode : [],
  };
}
