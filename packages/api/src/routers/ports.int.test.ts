import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startAgentProcess, type RunningAgent } from '../../test/agents';
import { callerAs, createTestDeps } from '../../test/db';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let agents: RunningAgent[];
const ids: Record<string, string> = {};

beforeAll(async () => {
  [deps, ...agents] = await Promise.all([
    createTestDeps(),
    startAgentProcess('pc-frontend-1', 'frontend'),
    startAgentProcess('pc-backend-1', 'backend'),
    startAgentProcess('pc-backend-2', 'backend'),
  ]);
  const admin = await callerAs(deps, 'SERVER_ADMIN');
  for (const a of agents) {
    const role = a.role === 'backend' ? 'BACKEND' : 'FRONTEND';
    ids[a.name] = (
      await admin.nodes.register({ name: a.name, role, adminUrl: a.adminUrl, token: a.token, allowPlainHttp: true })
    ).id;
  }
});
afterAll(async () => {
  await Promise.all(agents?.map((a) => a.stop()) ?? []);
  await deps?.dispose();
});

describe('ports.run', () => {
  it('checks every admin API, the frontend client ports and node-to-backend channels: all pass', async () => {
    const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
    const run = await operator.ports.run();
    // 3 admin APIs + 4 client ports + frontend→2 backends + backend↔backend (2).
    expect(run.cells).toHaveLength(3 + 4 + 2 + 2);
    expect(run.cells.filter((c) => !c.ok)).toEqual([]);
    expect(run).toMatchObject({ passed: 11, failed: 0 });
    expect((await operator.ports.lastRun())?.id).toBe(run.id);
    const entry = await deps.db.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'ports.check' },
      orderBy: { id: 'desc' },
    });
    expect(entry.after).toMatchObject({ runId: run.id, passed: 11, failed: 0 });
  });

  it('shows a Non-Ready frontend failing its client ports while its admin API passes', async () => {
    const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
    await operator.nodes.setReadiness({ ids: [ids['pc-frontend-1']!], ready: false });
    const run = await operator.ports.run();
    const failed = run.cells.filter((c) => !c.ok);
    expect(failed.map((c) => c.service).sort()).toEqual(['http', 'imap', 'pop', 'smtp']);
    expect(failed.every((c) => c.error === 'connection refused' && c.section === 'load balancer → frontends')).toBe(
      true,
    );
    await operator.nodes.setReadiness({ ids: [ids['pc-frontend-1']!], ready: true });
  });

  it('reports a dead backend on every cell that involves it', async () => {
    const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
    await agents.find((a) => a.name === 'pc-backend-2')!.stop();
    const run = await operator.ports.run();
    const failed = run.cells.filter((c) => !c.ok);
    expect(failed.every((c) => c.target === 'pc-backend-2' || c.source === 'pc-backend-2')).toBe(true);
    expect(failed.find((c) => c.section === 'console → admin API')?.error).toMatch(/refused/i);
    expect(failed.find((c) => c.source === 'pc-backend-2')?.error).toMatch(/did not answer/);
    expect(
      failed
        .filter((c) => c.target === 'pc-backend-2' && c.section !== 'console → admin API')
        .every((c) => /refused/.test(c.error ?? '')),
    ).toBe(true);
  });

  it('lets auditors read the checklist and last run but not probe; domain admins get nothing', async () => {
    const auditor = await callerAs(deps, 'AUDITOR');
    expect((await auditor.ports.required()).length).toBeGreaterThan(20);
    expect(await auditor.ports.lastRun()).not.toBeNull();
    await expect(auditor.ports.run()).rejects.toSatisfy((e) => e instanceof TRPCError && e.code === 'FORBIDDEN');
    const domainAdmin = await callerAs(deps, 'DOMAIN_ADMIN');
    await expect(domainAdmin.ports.lastRun()).rejects.toSatisfy(
      (e) => e instanceof TRPCError && e.code === 'FORBIDDEN',
    );
  });
});
