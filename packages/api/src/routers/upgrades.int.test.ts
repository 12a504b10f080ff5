// Rolling upgrades against real agent processes (each restarts into the new version through its
// supervisor): a full run, a node failing its health check and its rollback, pause/resume/abort,
// a worker dying mid-run and another taking over, and who may do what.
import type { NodeStatus } from '@cc/node-api';
import { createNodeClient } from '@cc/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startAgentProcess, type RunningAgent } from '../../test/agents';
import { callerAs, createTestDeps } from '../../test/db';
import { callError } from '../../test/errors';
import { Collector } from '../services/collector';
import { UpgradeWorker } from '../services/upgrades/worker';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
type Caller = Awaited<ReturnType<typeof callerAs>>;
let deps: Deps;
let agents: RunningAgent[];
let admin: Caller;
let collector: Collector;
let heartbeat: NodeJS.Timeout;
const ids: Record<string, string> = {};
const stops: Array<() => void> = [];

const quick = ['--mean-session-ms=1200'];

beforeAll(async () => {
  [deps, ...agents] = await Promise.all([
    createTestDeps(),
    startAgentProcess('up-backend-1', 'backend', quick),
    // The second node of every run below; 2.0.0 fails its health check here.
    startAgentProcess('up-backend-2', 'backend', [...quick, '--fail-health-versions=2.0.0']),
    startAgentProcess('up-frontend-1', 'frontend', quick),
  ]);
  admin = await callerAs(deps, 'SERVER_ADMIN');
  for (const a of agents) {
    const node = await admin.nodes.register({
      name: a.name,
      role: a.role === 'backend' ? 'BACKEND' : 'FRONTEND',
      adminUrl: a.adminUrl,
      token: a.token,
      allowPlainHttp: true,
    });
    ids[a.name] = node.id;
  }
  // What a console process runs: a live collector (with its heartbeat) and the release catalog.
  const beat = () =>
    deps.db.prisma.collectorLease.upsert({
      where: { id: 1 },
      create: { holder: 'test', heartbeatAt: new Date() },
      update: { heartbeatAt: new Date() },
    });
  await beat();
  heartbeat = setInterval(() => void beat().catch((e: unknown) => console.error('BEAT', e)), 1000);
  collector = new Collector({
    db: deps.db,
    secrets: deps.secrets,
    intervalMs: 500,
    timeoutMs: 1000,
    log: (m) => console.error(m),
  });
  collector.start();
  const { seedReleases } = await import('../services/upgrades/releases');
  await seedReleases(deps.db.prisma);
  await ready('1.1.0');
}, 60_000);

afterAll(async () => {
  for (const stop of stops) stop();
  clearInterval(heartbeat);
  collector?.stop();
  await Promise.all(agents?.map((a) => a.stop()) ?? []);
  await deps?.dispose();
});

function startWorker(leaseMs = 10_000) {
  const worker = new UpgradeWorker({
    prisma: deps.db.prisma,
    secrets: deps.secrets,
    leaseMs,
    busyMs: 100,
    idleMs: 200,
    timeouts: { verifyMs: 5000 },
  });
  const stop = worker.start();
  stops.push(stop);
  return { worker, stop };
}

async function waitFor<T>(check: () => Promise<T | false | null | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function waitForRun(id: string, states: string[], ms = 90_000) {
  return waitFor(async () => {
    const run = await admin.upgrades.get({ id });
    return states.includes(run.state) ? run : null;
  }, ms);
}

async function status(a: RunningAgent): Promise<NodeStatus> {
  return createNodeClient({ baseUrl: a.adminUrl, token: a.token, timeoutMs: 2000 }).status();
}

/** started - endedNormally - endedByAdmin - open: sessions that ended any other way. */
async function abnormal(a: RunningAgent): Promise<number> {
  const s = await status(a);
  const c = s.sessionCounters!;
  const open = Object.values(s.load.sessions).reduce((x, y) => x + y, 0);
  return c.started - c.endedNormally - c.endedByAdmin - open;
}

/** The collector has seen the last run's restarts: preflight passes for the next version. */
const ready = (targetVersion: string) =>
  waitFor(async () => (await admin.upgrades.preflight({ targetVersion })).ok, 15_000);

const order = () => [ids['up-backend-1']!, ids['up-backend-2']!, ids['up-frontend-1']!];
const plan = (targetVersion: string, more: Partial<{ pauseAfterEachNode: boolean }> = {}) => ({
  targetVersion,
  order: order(),
  drainDeadlineSeconds: 30,
  deadlineAction: 'wait' as const,
  pauseAfterEachNode: false,
  ...more,
});

describe('rolling upgrades', () => {
  it('lists the catalog with what each version would touch, and runs preflight checks', async () => {
    const { releases, clusterVersions } = await admin.upgrades.releases();
    expect(clusterVersions).toEqual([{ version: '1.0.0', nodes: 3 }]);
    expect(releases.map((r) => r.version)).toEqual(['2.0.0', '1.2.0', '1.1.0', '1.0.0']);
    expect(releases.find((r) => r.version === '1.1.0')).toMatchObject({ needing: 3, blocked: [] });
    expect(releases.find((r) => r.version === '1.2.0')!.blocked[0]).toMatch(/only be reached from 1\.1\.0/);
    // Only what can be reached from the running versions is offered; the rest say why not.
    expect(releases.filter((r) => r.reachable).map((r) => r.version)).toEqual(['1.1.0']);
    expect(releases.find((r) => r.version === '1.0.0')).toMatchObject({
      reachable: false,
      reason: 'Every node already runs 1.0.0 or later.',
    });
    expect(releases.find((r) => r.version === '2.0.0')!.reason).toMatch(/Not reachable/);

    const pre = await admin.upgrades.preflight({ targetVersion: '1.2.0' });
    expect(pre.ok).toBe(false);
    expect(pre.checks.find((c) => c.id === 'version-path')).toMatchObject({ ok: false });
    const good = await admin.upgrades.preflight({ targetVersion: '1.1.0' });
    expect(good.checks.map((c) => [c.id, c.ok])).toEqual([
      ['nodes-up', true],
      ['ready-backends', true],
      ['none-withdrawn', true],
      ['version-path', true],
      ['upgradable', true],
      ['database', true],
      ['no-other-run', true],
    ]);
    // Backends first, frontends last.
    expect(good.plan.order.map((n) => n.role)).toEqual(['BACKEND', 'BACKEND', 'FRONTEND']);
  });

  it('refuses bad plans and readers, and changes nothing', async () => {
    const auditor = await callerAs(deps, 'AUDITOR');
    expect((await callError(auditor.upgrades.start(plan('1.1.0')))).code).toBe('FORBIDDEN');
    expect((await callError(admin.upgrades.start({ ...plan('1.1.0'), order: order().slice(1) }))).message).toMatch(
      /leaves out up-backend-1/,
    );
    expect((await callError(admin.upgrades.start(plan('1.2.0')))).code).toBe('CONFLICT');
    expect((await callError(admin.upgrades.start(plan('9.9.9')))).code).toBe('NOT_FOUND');
    expect((await callError(admin.upgrades.start({ ...plan('1.1.0'), drainDeadlineSeconds: 1 }))).code).toBe(
      'BAD_REQUEST',
    );
    expect(await deps.db.prisma.upgradeRun.count()).toBe(0);
  });

  it('upgrades every node one at a time, pausing and resuming, with no session cut', async () => {
    const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
    startWorker();
    const { id } = await operator.upgrades.start(plan('1.1.0', { pauseAfterEachNode: true }));
    expect((await callError(operator.upgrades.start(plan('1.1.0')))).code).toBe('CONFLICT');

    const paused = await waitForRun(id, ['paused', 'failed']);
    expect(paused.state).toBe('paused');
    expect(paused.steps.map((s) => s.phase)).toEqual(['done', 'pending', 'pending']);
    expect(paused.message).toMatch(/Paused after up-backend-1/);
    // The estimate comes from the finished node: two more of about the same length.
    expect(paused.eta).toMatchObject({ remainingNodes: 2, perNodeMs: expect.any(Number) });
    expect(paused.eta!.remainingMs).toBe(2 * paused.eta!.perNodeMs!);
    // Nothing moves while paused.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await operator.upgrades.get({ id })).steps[1]!.phase).toBe('pending');
    await operator.upgrades.resume({ id });
    const again = await waitForRun(id, ['paused', 'failed']);
    expect(again.steps.map((s) => s.phase)).toEqual(['done', 'done', 'pending']);
    await operator.upgrades.resume({ id });
    const done = await waitForRun(id, ['completed', 'failed']);
    expect(done.state).toBe('completed');
    expect(done.steps.every((s) => s.phase === 'done')).toBe(true);
    for (const s of done.steps) {
      expect(s.timeline.drainMs).not.toBeNull();
      expect(s.timeline.restartMs).toBeGreaterThan(0);
    }
    for (const a of agents) {
      const s = await status(a);
      expect([a.name, s.readiness, s.upgrade?.version]).toEqual([a.name, 'ready', '1.1.0']);
      expect(await abnormal(a)).toBe(0);
    }
    const actions = await deps.db.prisma.auditEvent.findMany({
      where: { action: { startsWith: 'upgrade.' } },
      select: { action: true },
    });
    const names = actions.map((a) => a.action);
    expect(names).toEqual(
      expect.arrayContaining(['upgrade.start', 'upgrade.resume', 'upgrade.paused', 'upgrade.completed']),
    );
    expect(names.filter((n) => n === 'upgrade.node.upgrade').length).toBe(6); // STARTED + SUCCESS per node
    for (const stop of stops.splice(0)) stop();
  }, 180_000);

  it('survives its worker dying mid-run: another process takes the lease over and finishes', async () => {
    const first = startWorker(2000);
    await ready('1.2.0');
    const { id } = await admin.upgrades.start(plan('1.2.0'));
    await waitFor(async () => {
      const run = await admin.upgrades.get({ id });
      return run.steps[0]!.phase === 'done' || ['draining', 'upgrading', 'checking'].includes(run.steps[0]!.phase);
    });
    first.stop(); // as if its process were killed: the lease is left behind, not released
    await new Promise((r) => setTimeout(r, 2500));
    const stalled = await admin.upgrades.get({ id });
    expect(stalled.state).toBe('running');
    const second = startWorker(2000);
    const done = await waitForRun(id, ['completed', 'failed']);
    expect(done.state).toBe('completed');
    expect(second.worker.owner).not.toBe(first.worker.owner);
    // Restart times are the nodes' own, never the wait for the lease to lapse.
    for (const s of done.steps) {
      expect(s.restartMs).not.toBeNull();
      expect(s.timeline.restartMs).toBe(s.restartMs);
    }
    for (const a of agents) {
      expect((await status(a)).upgrade?.version).toBe('1.2.0');
      expect(await abnormal(a)).toBe(0);
    }
    second.stop();
  }, 180_000);

  it('stops on the node that fails its health check; rolling it back leaves the cluster all Ready', async () => {
    const { stop } = startWorker();
    await ready('2.0.0');
    const { id } = await admin.upgrades.start(plan('2.0.0'));
    const failed = await waitForRun(id, ['failed', 'completed']);
    expect(failed.state).toBe('failed');
    expect(failed.steps.map((s) => s.phase)).toEqual(['done', 'failed', 'pending']);
    expect(failed.message).toMatch(/up-backend-2.*failed its health check at 2\.0\.0/);
    expect((await status(agents[1]!)).readiness).not.toBe('ready');
    expect(failed.rollbackNode).toBe('up-backend-2');

    await admin.upgrades.rollback({ id });
    expect((await admin.upgrades.get({ id })).steps[1]!.phase).toMatch(/failed|rolling-back/);
    const rolled = await waitFor(async () => {
      const run = await admin.upgrades.get({ id });
      return run.request === null ? run : null;
    });
    expect(rolled.state).toBe('paused');
    expect(rolled.steps[1]!.phase).toBe('rolled-back');
    await admin.upgrades.abort({ id });
    expect((await admin.upgrades.get({ id })).state).toBe('aborted');
    stop();

    const versions = [];
    for (const a of agents) {
      const s = await status(a);
      expect(s.readiness).toBe('ready');
      versions.push(s.upgrade?.version);
      expect(await abnormal(a)).toBe(0);
    }
    expect(versions).toEqual(['2.0.0', '1.2.0', '1.2.0']);
  }, 180_000);
});
