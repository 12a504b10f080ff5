import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startAgentProcess, type RunningAgent } from '../../../test/agents';
import { callError } from '../../../test/errors';
import { callerAs, createTestDeps } from '../../../test/db';
import { Reconciler } from '../propagation/reconciler';

// Fail closed (Vault's rule): when an audit entry cannot be written, the change does not happen.
// A CHECK constraint added through raw SQL makes the database refuse the next entry of one kind.

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let agent: RunningAgent;
let nodeId: string;

async function refuseEntries(name: string, condition: string) {
  await deps.db.sql.exec(`ALTER TABLE audit_event ADD CONSTRAINT ${name} CHECK (${condition}) NOT VALID`);
}
async function allowEntries(name: string) {
  await deps.db.sql.exec(`ALTER TABLE audit_event DROP CONSTRAINT ${name}`);
}

async function agentReadiness(): Promise<string> {
  const res = await fetch(`${agent.adminUrl}/v1/status`, { headers: { authorization: `Bearer ${agent.token}` } });
  return ((await res.json()) as { readiness: string }).readiness;
}

beforeAll(async () => {
  [deps, agent] = await Promise.all([createTestDeps(), startAgentProcess('fc-frontend-1', 'frontend')]);
  const admin = await callerAs(deps, 'SERVER_ADMIN');
  nodeId = (
    await admin.nodes.register({
      name: agent.name,
      role: 'FRONTEND',
      adminUrl: agent.adminUrl,
      token: agent.token,
      allowPlainHttp: true,
    })
  ).id;
});
afterAll(async () => {
  await agent?.stop();
  await deps?.dispose();
});

describe('when the audit log refuses the entry', () => {
  it('domains.create fails with 503 and creates nothing', async () => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    const revisions = await deps.db.prisma.configRevision.count();
    await refuseEntries('no_domain_entries', `action <> 'domains.create'`);
    try {
      const err = await callError(admin.domains.create({ name: 'closed.example' }));
      expect(err.code).toBe('SERVICE_UNAVAILABLE');
      expect(err.message).toMatch(/audit log cannot be written/);
    } finally {
      await allowEntries('no_domain_entries');
    }
    expect(await deps.db.prisma.sharedDomain.count({ where: { name: 'closed.example' } })).toBe(0);
    expect(await deps.db.prisma.configRevision.count()).toBe(revisions);
    // With the log writable again, the same call goes through.
    await admin.domains.create({ name: 'closed.example' });
  });

  it('settings.updateClusterDefaults fails and leaves the defaults as they were', async () => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    const prefs = async () => (await admin.settings.clusterDefaults()).find((f) => f.family === 'prefs')!;
    const before = await prefs();
    await refuseEntries('no_entries_at_all', 'false');
    try {
      const err = await callError(
        admin.settings.updateClusterDefaults({
          family: 'prefs',
          expectedVersion: before.version,
          changes: { language: 'de' },
        }),
      );
      expect(err.code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await allowEntries('no_entries_at_all');
    }
    expect(await prefs()).toEqual(before);
  });

  it('Make Non-Ready never reaches the node when its STARTED entry cannot be written', async () => {
    const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
    expect(await agentReadiness()).toBe('ready');
    await refuseEntries('no_started', `outcome <> 'STARTED'`);
    try {
      const err = await callError(operator.nodes.setReadiness({ ids: [nodeId], ready: false }));
      expect(err.code).toBe('SERVICE_UNAVAILABLE');
      expect((await callError(operator.nodes.endSessions({ id: nodeId }))).code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await allowEntries('no_started');
    }
    expect(await agentReadiness()).toBe('ready');
    expect(await deps.db.prisma.auditEvent.count({ where: { targetId: nodeId, action: 'node.make-non-ready' } })).toBe(
      0,
    );

    // Written first, then the node's answer: STARTED, then SUCCESS with the node's response.
    await operator.nodes.setReadiness({ ids: [nodeId], ready: false });
    expect(await agentReadiness()).not.toBe('ready');
    const entries = await deps.db.prisma.auditEvent.findMany({
      where: { targetId: nodeId, action: 'node.make-non-ready' },
      orderBy: { id: 'asc' },
    });
    expect(entries.map((e) => e.outcome)).toEqual(['STARTED', 'SUCCESS']);
    expect(entries[1]!.after).toMatchObject({ nodeResponse: { readiness: expect.any(String) } });
    await operator.nodes.setReadiness({ ids: [nodeId], ready: true });
  });

  it('the reconciler pushes no configuration when its entry cannot be written', async () => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    await admin.domains.create({ name: 'pushed.example' });
    const reconciler = new Reconciler({ prisma: deps.db.prisma, secrets: deps.secrets });
    const applied = async () => {
      const res = await fetch(`${agent.adminUrl}/v1/status`, { headers: { authorization: `Bearer ${agent.token}` } });
      return ((await res.json()) as { config?: { revision: number } }).config?.revision ?? 0;
    };
    const before = await applied();
    await refuseEntries('no_push', `action <> 'config.push'`);
    try {
      await expect(reconciler.reconcile()).rejects.toThrow(/audit log cannot be written/);
    } finally {
      await allowEntries('no_push');
    }
    expect(await applied()).toBe(before);
    const outcomes = await reconciler.reconcile();
    expect(outcomes).toEqual([expect.objectContaining({ node: agent.name, ok: true })]);
    expect(await applied()).toBeGreaterThan(before);
  });
});
