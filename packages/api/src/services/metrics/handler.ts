import { createHash, timingSafeEqual } from 'node:crypto';

import type { PrismaClient } from '@cc/db';

import { currentEnv } from '../../env';
import { renderMetrics } from './render';

/** Equal-length digests, so neither the token's content nor its length shows in the timing. */
function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * GET /metrics: Prometheus text format behind `Authorization: Bearer $CC_METRICS_TOKEN`. Unset token:
 * the endpoint does not exist (404); a missing or wrong token: 401.
 */
export async function handleMetricsRequest(req: Request, prisma: PrismaClient): Promise<Response> {
  const token = currentEnv().CC_METRICS_TOKEN;
  if (!token) return new Response('Not Found\n', { status: 404 });
  const header = req.headers.get('authorization') ?? '';
  const given = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  if (!given || !sameToken(given, token)) {
    return new Response('Unauthorized\n', { status: 401, headers: { 'www-authenticate': 'Bearer realm="metrics"' } });
  }
  return new Response(await renderMetrics(prisma), {
    headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' },
  });
}
