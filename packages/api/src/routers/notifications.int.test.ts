import net from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callerAs, createTestDeps } from '../../test/db';
import { callError } from '../../test/errors';
import { signatureValid, startSmtpSink, startWebhookReceiver } from '../../test/receivers';
import { reconcileFindings } from '../services/health/store';
import type { Condition } from '../services/health/types';
import { NotificationDispatcher } from '../services/notifications/dispatcher';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let failing: Awaited<ReturnType<typeof startWebhookReceiver>>;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
const SECRET = 'another-webhook-secret-0123456789';

beforeAll(async () => {
  [deps, failing, smtp] = await Promise.all([createTestDeps(), startWebhookReceiver(500), startSmtpSink()]);
});
afterAll(async () => {
  await failing?.close();
  await smtp?.close();
  await deps?.dispose();
});

const condition = (key: string): Condition => ({
  key,
  kind: 'node_down',
  severity: 'critical',
  subjects: [{ type: 'node', id: key, name: key }],
  domainId: null,
  summary: `Node ${key} is Down`,
  explanation: 'test',
  suggestedAction: 'test',
  links: [],
});

/** A port nobody listens on: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('notification channels', () => {
  it('refuses a webhook URL that is not http(s) with a field error', async () => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    const e = await callError(
      admin.notifications.createChannel({
        kind: 'webhook',
        name: 'bad',
        minSeverity: 'info',
        enabled: true,
        config: { url: 'ftp://127.0.0.1/hook' },
      }),
    );
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.fieldErrors.config).toBeDefined();
    expect(await deps.db.prisma.notificationChannel.count()).toBe(0);
  });

  it('retries a webhook that answers 500 with backoff, then dead-letters it; retry puts it back', async () => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    const channel = await admin.notifications.createChannel({
      kind: 'webhook',
      name: 'failing hook',
      minSeverity: 'warning',
      enabled: true,
      config: { url: failing.url },
      secret: SECRET,
    });
    // The secret is stored sealed and shown nowhere: not in the answer, not in the audit entry.
    expect(JSON.stringify(channel)).not.toContain(SECRET);
    expect(channel.secretSet).toBe(true);
    const entry = await deps.db.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'notifications.channel.create' },
    });
    expect(JSON.stringify([entry.before, entry.after, entry.error])).not.toContain(SECRET);
    expect((await deps.db.prisma.notificationChannel.findFirstOrThrow()).secretEnc).not.toContain(SECRET);

    await reconcileFindings(deps.db.prisma, [condition('n-retry')]);
    const dispatcher = new NotificationDispatcher({
      prisma: deps.db.prisma,
      secrets: deps.secrets,
      retryDelaysMs: [20, 40],
    });
    for (let i = 0; i < 3; i++) {
      await dispatcher.kick();
      await new Promise((r) => setTimeout(r, 60));
    }
    expect(failing.received).toHaveLength(3);
    expect(failing.received.every((r) => signatureValid(r, SECRET))).toBe(true);
    const [dead] = await admin.notifications.deliveries({ status: 'dead' });
    expect(dead).toMatchObject({ channelName: 'failing hook', event: 'opened', attempts: 3 });
    expect(dead?.lastError).toContain('HTTP 500');

    failing.state.status = 204;
    await admin.notifications.retryDelivery({ id: dead!.id });
    await dispatcher.kick();
    const [sent] = await admin.notifications.deliveries({ status: 'sent' });
    expect(sent?.id).toBe(dead!.id);
    expect(failing.received).toHaveLength(4);
    await admin.notifications.deleteChannel({ id: channel.id });
  });

  it('sends e-mail through an SMTP relay; an unreachable relay is a visible failure with its reason', async () => {
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    const mail = await admin.notifications.createChannel({
      kind: 'email',
      name: 'ops mail',
      minSeverity: 'info',
      enabled: true,
      config: {
        host: '127.0.0.1',
        port: smtp.port,
        security: 'none',
        from: 'console@cluster.test',
        to: ['ops@cluster.test'],
      },
    });
    const ok = await admin.notifications.testChannel({ id: mail.id });
    expect(ok).toMatchObject({ ok: true, error: null });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.to).toEqual(['ops@cluster.test']);
    expect(smtp.messages[0]!.data).toContain('Test notification from the cluster console');

    await reconcileFindings(deps.db.prisma, [condition('n-mail')]);
    await new NotificationDispatcher({ prisma: deps.db.prisma, secrets: deps.secrets }).kick();
    // n-retry's condition ended (its close is sent too), n-mail's began.
    const texts = smtp.messages.slice(1).map((m) => m.data);
    expect(texts).toHaveLength(2);
    expect(texts.find((t) => t.includes('n-retry'))).toMatch(/^Subject: \[cluster Resolved\]/m);
    expect(texts.find((t) => t.includes('n-mail'))).toMatch(/^Subject: \[cluster CRITICAL\]/m);
    expect(texts.find((t) => t.includes('n-mail'))).toContain('Suggested action: test');

    const nowhere = await admin.notifications.updateChannel({
      id: mail.id,
      expectedVersion: mail.version,
      channel: {
        kind: 'email',
        name: 'ops mail',
        minSeverity: 'info',
        enabled: true,
        config: {
          host: '127.0.0.1',
          port: await closedPort(),
          security: 'none',
          from: 'console@cluster.test',
          to: ['ops@cluster.test'],
        },
      },
    });
    const failed = await admin.notifications.testChannel({ id: nowhere.id });
    expect(failed.ok).toBe(false);
    expect(failed.error).toMatch(/ECONNREFUSED|connect/i);
    const [logged] = await admin.notifications.deliveries({ channelId: mail.id });
    expect(logged).toMatchObject({ id: failed.deliveryId, event: 'test', status: 'dead' });
    expect(logged?.lastError).toBe(failed.error);
  });

  it('lets only server administrators configure channels', async () => {
    const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
    const e = await callError(
      operator.notifications.createChannel({
        kind: 'webhook',
        name: 'x',
        minSeverity: 'info',
        enabled: true,
        config: { url: 'http://127.0.0.1:9/' },
      }),
    );
    expect(e.code).toBe('FORBIDDEN');
  });
});
