import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createTestDeps } from '../../../test/db';
import { createInnerContext } from '../../context';
import { handleTrpcRequest } from '../../http';
import { handleMetricsRequest } from './handler';

let deps: Awaited<ReturnType<typeof createTestDeps>>;
const TOKEN = 'metrics-token-for-the-test-0123';

beforeAll(async () => {
  deps = await createTestDeps();
  const prisma = deps.db.prisma;
  await prisma.collectorLease.create({ data: { holder: 'test', heartbeatAt: new Date() } });
  const node = await prisma.node.create({
    data: { name: 'm-b1', role: 'BACKEND', adminUrl: 'http://127.0.0.1:9', tokenEnc: 'x', allowPlainHttp: true },
  });
  await prisma.nodeStatus.create({
    data: {
      nodeId: node.id,
      lastSeenAt: new Date(),
      readiness: 'ready',
      sessionsImap: 7,
      sessionsTotal: 7,
      queueTotal: 3,
      diskUsedBytes: 25,
      diskTotalBytes: 100,
    },
  });
  await prisma.configRevision.create({ data: { scope: 'cluster', target: 'domain', summary: 'test' } });
  await prisma.healthFinding.create({
    data: {
      kind: 'split_brain',
      severity: 'critical',
      key: 'split_brain:cluster',
      summary: 'Split brain',
      explanation: '',
      suggestedAction: '',
    },
  });
});
afterAll(() => deps?.dispose());
afterEach(() => {
  delete process.env.CC_METRICS_TOKEN;
});

const scrape = (auth?: string) =>
  handleMetricsRequest(
    new Request('http://127.0.0.1:3000/metrics', { headers: auth ? { authorization: auth } : {} }),
    deps.db.prisma,
  );

describe('/metrics', () => {
  it('does not exist without CC_METRICS_TOKEN, and refuses a missing or wrong token', async () => {
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(404);
    process.env.CC_METRICS_TOKEN = TOKEN;
    expect((await scrape()).status).toBe(401);
    expect((await scrape('Bearer wrong-token-of-some-length')).status).toBe(401);
    expect((await scrape(`Basic ${TOKEN}`)).status).toBe(401);
  });

  it('serves Prometheus text that a real parser reads: nodes, sessions, findings, lag, collector, latency', async () => {
    process.env.CC_METRICS_TOKEN = TOKEN;
    // One tRPC request through the real handler, so the latency histogram has a series.
    await handleTrpcRequest(new Request('http://127.0.0.1:3000/api/trpc/me.get'), async () =>
      createInnerContext(deps, null),
    );
    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const families = new Map(parsePrometheusTextFormat(await res.text()).map((f) => [f.name, f]));
    const value = (name: string, labels: Record<string, string> = {}) =>
      Number(
        families.get(name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value,
      );
    expect(families.get('cc_nodes')?.type).toBe('GAUGE');
    expect(value('cc_nodes', { state: 'ready' })).toBe(1);
    expect(value('cc_sessions', { protocol: 'imap' })).toBe(7);
    expect(value('cc_findings_active', { kind: 'split_brain', severity: 'critical' })).toBe(1);
    expect(value('cc_config_lag_revisions', { node: 'm-b1' })).toBe(1);
    expect(value('cc_config_lag_seconds', { node: 'm-b1' })).toBeGreaterThanOrEqual(0);
    expect(value('cc_mail_queue_messages', { node: 'm-b1' })).toBe(3);
    expect(value('cc_node_disk_used_ratio', { node: 'm-b1' })).toBe(0.25);
    // The console's own footprint: the heap in use is part of what is resident.
    const heapUsed = value('cc_console_memory_bytes', { kind: 'heap_used' });
    expect(heapUsed).toBeGreaterThan(1e6);
    expect(value('cc_console_memory_bytes', { kind: 'resident' })).toBeGreaterThan(heapUsed);
    expect(value('cc_collector_alive')).toBe(1);
    expect(value('cc_collector_heartbeat_age_seconds')).toBeLessThan(60);
    // No session: tRPC answers 401.
    expect(value('cc_trpc_requests_total', { method: 'GET', code: '401' })).toBeGreaterThanOrEqual(1);
    const latency = families.get('cc_trpc_request_duration_seconds');
    expect(latency?.type).toBe('HISTOGRAM');
    const [series] = latency!.metrics;
    expect(Number(series?.count)).toBeGreaterThanOrEqual(1);
    expect(Number(series?.buckets?.['+Inf'])).toBe(Number(series?.count));
    expect(Number(series?.sum)).toBeGreaterThan(0);
  });
});
