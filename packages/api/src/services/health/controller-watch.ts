import type { PrismaClient } from '@cc/db';

import { SYSTEM_ACTOR, writeAudit } from '../audit/write-audit';
import type { NodeSnapshot } from './types';

export const CONTROLLER_CHANGE = 'cluster.controller-change';

/**
 * Records each time the Cluster Controller moves to another backend (an audit entry the dashboard's
 * timeline shows). Only an undisputed Controller counts: none, or two at once, is the split-brain and
 * no-Controller findings' business, and recording every flicker of an election would bury the moves.
 * The last recorded Controller comes from the audit log itself, so a new collector leader neither
 * repeats the entry nor misses a move that happened while no console led.
 */
export class ControllerWatch {
  /** Name of the Controller last recorded; undefined until read from the log. */
  private last: string | null | undefined;

  constructor(private readonly prisma: PrismaClient) {}

  async observe(nodes: readonly NodeSnapshot[]): Promise<void> {
    const controllers = nodes.filter(
      (n) => n.role === 'BACKEND' && n.clusterRole === 'controller' && n.state !== 'down' && n.state !== 'unknown',
    );
    if (controllers.length !== 1) return;
    const now = controllers[0]!;
    if (now.name === this.last) return;
    if (this.last === undefined) {
      const recorded = await this.prisma.auditEvent.findFirst({
        where: { action: CONTROLLER_CHANGE },
        orderBy: { id: 'desc' },
        select: { targetName: true },
      });
      this.last = recorded?.targetName ?? null;
      if (now.name === this.last) return;
    }
    await writeAudit(this.prisma, SYSTEM_ACTOR, {
      action: CONTROLLER_CHANGE,
      targetType: 'node',
      targetId: now.id,
      targetName: now.name,
      before: { controller: this.last },
      after: { controller: now.name },
      outcome: 'SUCCESS',
    });
    this.last = now.name;
  }
}
