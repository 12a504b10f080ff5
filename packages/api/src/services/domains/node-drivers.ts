// Which kinds of node the cluster has, so the settings, domain and account pages can say which
// settings those nodes do not enforce. The collector keeps each node's reported driver in
// node_status.capabilities as a {driver} entry (see collector/poll-results.ts).
import type { PrismaClient } from '@cc/db';
import { DRIVERS, driverKind, type Driver } from '@cc/settings';

export async function clusterDrivers(prisma: PrismaClient): Promise<Driver[]> {
  const rows = await prisma.nodeStatus.findMany({ select: { capabilities: true } });
  const found = new Set<Driver>();
  for (const row of rows) {
    const items = Array.isArray(row.capabilities) ? row.capabilities : [];
    for (const item of items) {
      if (item && typeof item === 'object' && !Array.isArray(item) && typeof item.driver === 'string') {
        const kind = driverKind(item.driver);
        if (kind) found.add(kind);
      }
    }
  }
  return DRIVERS.filter((d) => found.has(d));
}
