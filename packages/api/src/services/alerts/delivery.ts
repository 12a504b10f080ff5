// Where an alert stands on each node: delivered (the node applied the
// revision that carried it), removal applied, and how many of the node's
// open accounts it has been shown to (asked of the live nodes).
import type { PrismaClient } from '@cc/db';

import type { DomainScope } from '../domains/tenant';
import { fanOut, selectNodes } from '../nodes/fan-out';
import type { SecretBox } from '../secrets/secret-box';
import { getAlert } from './alerts';

export async function alertDelivery(
  deps: { prisma: PrismaClient; secrets: SecretBox; timeoutMs?: number },
  scope: DomainScope,
  id: string,
  showNodes: boolean,
) {
  const alert = await getAlert(deps.prisma, scope, id);
  const targets = await selectNodes(deps.prisma, {});
  const answers = await fanOut(targets, (client) => client.alerts(), {
    prisma: deps.prisma,
    secrets: deps.secrets,
    timeoutMs: deps.timeoutMs ?? 1500,
    idempotent: true,
  });
  const perNode = answers.map((r) => {
    const applied = r.node.configRevision;
    return {
      name: r.node.name,
      delivered: applied >= alert.revision,
      removalApplied: alert.removedRevision !== null && applied >= alert.removedRevision,
      shownTo: r.ok ? (r.value.alerts.find((a) => a.id === alert.id)?.shownTo ?? 0) : null,
      error: r.ok ? null : r.reason.kind === 'skipped-down' ? 'down' : r.reason.message,
    };
  });
  return {
    alert,
    total: perNode.length,
    delivered: perNode.filter((n) => n.delivered).length,
    removalApplied: perNode.filter((n) => n.removalApplied).length,
    shownTo: perNode.reduce((sum, n) => sum + (n.shownTo ?? 0), 0),
    nodes: showNodes ? perNode : [],
  };
}
