import { handleMetricsRequest, withDatabase } from '@cc/api';
import { getRuntime } from '@cc/api/runtime';

export const dynamic = 'force-dynamic';

/** Prometheus scrape endpoint (CC_METRICS_TOKEN as a bearer token; off when unset). */
export function GET(req: Request) {
  return withDatabase(async () => handleMetricsRequest(req, (await getRuntime()).db.prisma));
}
