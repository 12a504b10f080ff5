// Where an alert stands on each node: delivered (the node holds it, or applied the revision that
// carried it), removal applied, and how many of the node's open accounts it has been shown to
// (asked of the live nodes), beside how many accounts the alert is for.
//
// A node's own answer outranks the collector's last report: the applied revision in node_status can
// lag the node (a poll behind, or no collector leader for a while), and judging delivery by it alone
// said "Delivered on 0 of 5" while the same nodes were already showing the alert to 268 accounts.
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
    const held = r.ok ? r.value.alerts.find((a) => a.id === alert.id) : undefined;
    return {
      name: r.node.name,
      delivered: held !== undefined || applied >= alert.revision,
      // Once removed, a node that answers without the alert no longer shows it, whatever the last report said.
      removalApplied: alert.removedRevision !== null && (r.ok ? held === undefined : applied >= alert.removedRevision),
      shownTo: r.ok ? (held?.shownTo ?? 0) : null,
      error: r.ok ? null : r.reason.kind === 'skipped-down' ? 'down' : r.reason.message,
    };
  });
  return {
    alert,
    targeted: await accountsTargeted(deps.prisma, alert, showNodes),
    total: perNode.length,
    delivered: perNode.filter((n) => n.delivered).length,
    removalApplied: perNode.filter((n) => n.removalApplied).length,
    shownTo: perNode.reduce((sum, n) => sum + (n.shownTo ?? 0), 0),
    nodes: showNodes ? perNode : [],
  };
}

/**
 * How many accounts the alert is for: every account (cluster), the domain's, or one. Null for a
 * cluster-wide alert read by a domain administrator: the cluster's account count is not theirs to see.
 */
async function accountsTargeted(
  prisma: PrismaClient,
  alert: { scope: string; domain: string | null },
  showNodes: boolean,
): Promise<number | null> {
  if (alert.scope === 'account') return 1;
  if (alert.scope === 'domain') return prisma.mailAccount.count({ where: { domain: { name: alert.domain ?? '' } } });
  return showNodes ? prisma.mailAccount.count() : null;
}
