import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { selfSignedCert } from '@cc/node-api/test-certs';

import { startAgentProcess, type RunningAgent } from '../../test/agents';
import { callerAs, collectOnce, createTestDeps, domainAdminCaller } from '../../test/db';
import { callError } from '../../test/errors';
import { signatureValid, startWebhookReceiver } from '../../test/receivers';
import { HealthEvaluator } from '../services/health/evaluator';
import { NotificationDispatcher } from '../services/notifications/dispatcher';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let agents: RunningAgent[];
let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let evaluator: HealthEvaluator;
let dispatcher: NotificationDispatcher;
const ids: Record<string, string> = {};
const SECRET = 'a-webhook-secret-of-some-length';

/** A collector round, then one evaluation and one dispatch, as the leader does every second. */
async function round() {
  await collectOnce(deps);
  await evaluator.tick();
  await dispatcher.kick();
}

beforeAll(async () => {
  // Two backends, neither told about the other: each elects itself Controller (a split brain).
  [deps, hook, ...agents] = await Promise.all([
    createTestDeps(),
    startWebhookReceiver(),
    startAgentProcess('hf-b1', 'backend'),
    startAgentProcess('hf-rogue', 'backend'),
  ]);
  evaluator = new HealthEvaluator({ prisma: deps.db.prisma });
  dispatcher = new NotificationDispatcher({ prisma: deps.db.prisma, secrets: deps.secrets });
  const admin = await callerAs(deps, 'SERVER_ADMIN');
  await admin.notifications.createChannel({
    kind: 'webhook',
    name: 'ops hook',
    minSeverity: 'critical',
    enabled: true,
    config: { url: hook.url },
    secret: SECRET,
  });
  for (const a of agents) {
    ids[a.name] = (
      await admin.nodes.register({
        name: a.name,
        role: 'BACKEND',
        adminUrl: a.adminUrl,
        token: a.token,
        allowPlainHttp: true,
      })
    ).id;
  }
});
afterAll(async () => {
  await Promise.all(agents?.map((a) => a.stop()) ?? []);
  await hook?.close();
  await deps?.dispose();
});

describe('health findings', () => {
  it('raises split_brain naming both Controllers and sends a signed webhook', async () => {
    await round();
    const reader = await callerAs(deps, 'AUDITOR');
    const { active } = await reader.health.findings({});
    const split = active.find((f) => f.kind === 'split_brain');
    expect(split?.severity).toBe('critical');
    expect(split?.subjects.map((s) => s.name).sort()).toEqual(['hf-b1', 'hf-rogue']);
    expect(split?.links).toContainEqual({ label: 'Node hf-rogue', href: `/nodes/${ids['hf-rogue']}` });
    const opened = hook.received.filter((r) => r.json.event === 'opened' && r.json.finding.kind === 'split_brain');
    expect(opened).toHaveLength(1);
    expect(signatureValid(opened[0]!, SECRET)).toBe(true);
    expect(signatureValid(opened[0]!, 'another secret entirely')).toBe(false);
    expect(opened[0]!.headers['x-cc-timestamp']).toMatch(/^\d+$/);
    // Still holding on the next round: the same finding, no second notification.
    await round();
    expect(
      (await reader.health.findings({ status: 'active' })).active.filter((f) => f.kind === 'split_brain'),
    ).toHaveLength(1);
    expect(hook.received.filter((r) => r.json.event === 'opened')).toHaveLength(1);
    // Two Controllers at once is a dispute, not a move: nothing on the timeline yet.
    const timeline = await reader.cluster.timeline({ hours: 1, limit: 50 });
    expect(timeline.some((e) => e.text.endsWith('became the Cluster Controller'))).toBe(false);
  });

  it('acknowledges and silences with a reason, audited; readers cannot', async () => {
    const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
    const [split] = (await operator.health.findings({ kind: 'split_brain', status: 'active' })).active;
    const acked = await operator.health.acknowledge({ id: split!.id, reason: 'looking at the rogue node' });
    expect(acked.acknowledgeReason).toBe('looking at the rogue node');
    const silenced = await operator.health.silence({ id: split!.id, minutes: 30, reason: 'maintenance' });
    expect(silenced.silenced).toBe(true);
    const entries = await deps.db.prisma.auditEvent.findMany({
      where: { targetId: split!.id, outcome: 'SUCCESS' },
      orderBy: { id: 'asc' },
    });
    expect(entries.map((e) => e.action)).toEqual(['health.finding.acknowledge', 'health.finding.silence']);
    expect(entries[1]!.after).toMatchObject({ silenceReason: 'maintenance' });
    expect((await operator.health.unsilence({ id: split!.id })).silenced).toBe(false);
    const auditor = await callerAs(deps, 'AUDITOR');
    expect((await callError(auditor.health.acknowledge({ id: split!.id, reason: 'x' }))).code).toBe('FORBIDDEN');
    expect((await callError(operator.health.silence({ id: split!.id, minutes: 0, reason: 'x' }))).code).toBe(
      'BAD_REQUEST',
    );
  });

  it('shows a domain administrator only findings about their domains', async () => {
    const prisma = deps.db.prisma;
    const [a, b] = await Promise.all(
      ['hf-a.example', 'hf-b.example'].map((name) => prisma.sharedDomain.create({ data: { name } })),
    );
    const mine = await prisma.healthFinding.create({
      data: {
        kind: 'config_lagging',
        severity: 'warning',
        key: `test:${a!.id}`,
        domainId: a!.id,
        summary: 'a',
        explanation: '',
        suggestedAction: '',
      },
    });
    const theirs = await prisma.healthFinding.create({
      data: {
        kind: 'config_lagging',
        severity: 'warning',
        key: `test:${b!.id}`,
        domainId: b!.id,
        summary: 'b',
        explanation: '',
        suggestedAction: '',
      },
    });
    const domainAdmin = await domainAdminCaller(deps, ['hf-a.example']);
    const { active, closed } = await domainAdmin.health.findings({});
    expect([...active, ...closed].map((f) => f.id)).toEqual([mine.id]);
    expect((await callError(domainAdmin.health.finding({ id: theirs.id }))).code).toBe('NOT_FOUND');
    const [split] = (await (await callerAs(deps, 'SERVER_ADMIN')).health.findings({ kind: 'split_brain' })).active;
    expect((await callError(domainAdmin.health.finding({ id: split!.id }))).code).toBe('NOT_FOUND');
    await prisma.healthFinding.deleteMany({ where: { id: { in: [mine.id, theirs.id] } } });
  });

  it('closes split_brain when the rogue node is removed, keeps it as history and notifies the close', async () => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    await admin.nodes.remove({ id: ids['hf-rogue']! });
    await round();
    const { active, closed } = await admin.health.findings({});
    expect(active.some((f) => f.kind === 'split_brain')).toBe(false);
    const done = closed.find((f) => f.kind === 'split_brain');
    expect(done?.closedAt).toBeInstanceOf(Date);
    const close = hook.received.filter((r) => r.json.event === 'closed' && r.json.finding.kind === 'split_brain');
    expect(close).toHaveLength(1);
    expect(signatureValid(close[0]!, SECRET)).toBe(true);
    // One undisputed Controller now: the move is on the dashboard's timeline, once, however many rounds.
    await round();
    const moves = (await admin.cluster.timeline({ hours: 1, limit: 50 })).filter((e) =>
      e.text.endsWith('became the Cluster Controller'),
    );
    expect(moves.map((e) => e.text)).toEqual(['hf-b1 became the Cluster Controller']);
    expect(moves[0]!.href).toBe(`/nodes/${ids['hf-b1']}`);
  });

  it('refuses thresholds out of range with a field error and audits a change with before and after', async () => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    const s = await admin.health.settings();
    const bad = await callError(
      admin.health.updateSettings({ ...s.thresholds, cpuPercent: 250, expectedVersion: s.version }),
    );
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.fieldErrors.cpuPercent).toEqual(['At most 100 %.']);
    const saved = await admin.health.updateSettings({ ...s.thresholds, cpuPercent: 80, expectedVersion: s.version });
    expect((await admin.health.settings()).thresholds.cpuPercent).toBe(80);
    const stale = await callError(admin.health.updateSettings({ ...s.thresholds, expectedVersion: s.version }));
    expect(stale.code).toBe('CONFLICT');
    const entry = await deps.db.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'health.settings.update', outcome: 'SUCCESS' },
    });
    expect(entry.before).toMatchObject({ cpuPercent: 90 });
    expect(entry.after).toMatchObject({ cpuPercent: 80 });
    expect(saved.version).toBe(s.version + 1);
    const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
    expect((await callError(operator.health.updateSettings({ ...s.thresholds, expectedVersion: 1 }))).code).toBe(
      'FORBIDDEN',
    );
  });
});

describe('cert_expiry', () => {
  it('raises a warning for an https:// agent whose certificate expires within the threshold', async () => {
    // openssl's test certificate is valid for 2 days: inside the default 14.
    const cert = selfSignedCert('hf-tls');
    const agent = await startAgentProcess(
      'hf-tls',
      'frontend',
      [`--tls-cert=${cert.certFile}`, `--tls-key=${cert.keyFile}`],
      {
        tls: true,
      },
    );
    try {
      const admin = await callerAs(deps, 'SERVER_ADMIN');
      const node = await admin.nodes.register({
        name: agent.name,
        role: 'FRONTEND',
        adminUrl: agent.adminUrl,
        token: agent.token,
        tlsFingerprint: agent.fingerprint256!,
      });
      await round();
      await evaluator.certificates.settled();
      await evaluator.tick();
      const [finding] = (await admin.health.findings({ kind: 'cert_expiry', status: 'active' })).active;
      expect(finding).toMatchObject({ severity: 'warning', subjects: [{ type: 'node', id: node.id, name: 'hf-tls' }] });
      await admin.nodes.remove({ id: node.id });
      await evaluator.tick();
      expect((await admin.health.findings({ kind: 'cert_expiry', status: 'active' })).active).toEqual([]);
    } finally {
      await agent.stop();
    }
  });
});
