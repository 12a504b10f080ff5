// The live figures the sizing planner starts from: accounts in the database, and nodes, sessions
// (by protocol) and mail storage from the Single Service Image. The planner turns them into its
// inputs in the browser; the server only counts.
import type { PrismaClient } from '@cc/db';

import { clusterOverview } from '../nodes/cluster-overview';

export async function sizingBaseline(prisma: PrismaClient) {
  const [overview, accounts, largest, disk] = await Promise.all([
    clusterOverview(prisma),
    prisma.mailAccount.count(),
    prisma.mailAccount.groupBy({
      by: ['domainId'],
      _count: { _all: true },
      orderBy: { _count: { domainId: 'desc' } },
      take: 1,
    }),
    prisma.nodeStatus.aggregate({
      _sum: { diskUsedBytes: true, diskTotalBytes: true },
      _count: { diskTotalBytes: true },
    }),
  ]);
  return {
    accounts,
    largestDomainAccounts: largest[0]?._count._all ?? 0,
    nodes: overview.nodes,
    frontends: overview.frontends,
    backends: overview.backends,
    sessions: overview.sessions,
    /** Summed over the nodes that report their mail file system; null when none does. */
    storage:
      disk._count.diskTotalBytes > 0
        ? { usedBytes: disk._sum.diskUsedBytes ?? 0, totalBytes: disk._sum.diskTotalBytes ?? 0 }
        : null,
  };
}
