// The Dovecot driver against a real Dovecot 2.3 cluster (one director, two
// backends on 127.0.0.10-12, started by scripts/lib/dovecot.mjs) and real IMAP
// sessions. Skipped, with the reason, only where Dovecot cannot be installed.
import { createNodeClient, type SessionProtocol } from '@cc/node-api';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentArgs,
  downCluster,
  installDovecot,
  provisionTestUsers,
  testUsers,
  upCluster,
  usersHashedTo,
  type DovecotCluster,
  type DovecotNode,
} from '../../../../../scripts/lib/dovecot.mjs';
import { imapLogin, type ImapSession } from '../../../../../scripts/lib/imap.mjs';
import { agent, TOKEN, waitFor } from '../../test-helpers';
import { startAgentFromFlags } from '../real-agents.test-util';
import { DoveadmClient, DoveadmError, EX_NOUSER } from './doveadm-client';
import type { DovecotSettings } from './settings';

const unavailable = installDovecot();
if (unavailable) console.warn(`SKIPPED: Dovecot driver tests against real Dovecot: ${unavailable}`);

let cluster: DovecotCluster;
const sessions: ImapSession[] = [];
const used = new Set<string>();
const node = (name: DovecotNode['name']) => cluster.nodes.find((n) => n.name === name)!;
const doveadm = (n: DovecotNode) => new DoveadmClient({ url: n.doveadmUrl, apiKey: cluster.apiKey });

/** An in-process agent beside one Dovecot node, as the CLI would start it. */
function startNode(n: DovecotNode, settings: Partial<DovecotSettings> = {}) {
  const role = n.role === 'director' ? 'frontend' : 'backend';
  const ports: Partial<Record<SessionProtocol, number>> = { imap: cluster.imapPort, pop: cluster.popPort };
  return agent({
    role,
    name: `dovecot-${n.name}`,
    host: n.ip,
    driver: 'dovecot',
    clientPorts: ports,
    dovecot: {
      doveadmUrl: n.doveadmUrl,
      doveadmKey: cluster.apiKey,
      ...(role === 'frontend' ? { readinessConf: n.readinessConf } : { directorUrl: node('dir').doveadmUrl }),
      ...settings,
    },
  });
}

/** Logs in through the director as `count` fresh users that it sends to `backend` now. */
async function loginsTo(backend: DovecotNode, count: number): Promise<ImapSession[]> {
  const users = await usersHashedTo(cluster, backend.ip, count, used);
  const opened: ImapSession[] = [];
  for (const u of users) {
    used.add(u.user);
    opened.push(await imapLogin({ host: node('dir').ip, port: cluster.imapPort, ...u }));
  }
  sessions.push(...opened);
  return opened;
}

const client = (adminUrl: string) => createNodeClient({ baseUrl: adminUrl, token: TOKEN, timeoutMs: 10_000 });

describe.skipIf(unavailable !== null)('dovecot driver on a real Dovecot cluster', () => {
  beforeAll(async () => {
    cluster = await upCluster();
    // The cluster has no mail users: the backends' agents write the pushed ones into passwd-files.
    for (const n of cluster.nodes.filter((x) => x.role === 'backend')) {
      const a = await startAgentFromFlags(['--role=backend', `--name=setup-${n.name}`, ...agentArgs(cluster, n)]);
      await provisionTestUsers([{ adminUrl: a.adminUrl, token: TOKEN }]);
      await a.close();
    }
  }, 30_000);
  afterAll(async () => {
    for (const s of sessions) s.destroy();
    if (cluster) await downCluster(cluster);
  }, 30_000);

  it('reports real sessions, open accounts and the version; lists what Dovecot cannot do, with why', async () => {
    const [b1, dir] = await Promise.all([startNode(node('b1')), startNode(node('dir'))]);
    await loginsTo(node('b1'), 2);
    const info = await client(b1.adminUrl).info();
    expect(info).toMatchObject({ driver: 'dovecot', softwareVersion: expect.stringMatching(/^2\.3\./) });
    expect(info.capabilities).toEqual(expect.arrayContaining(['readiness', 'drain', 'end-sessions', 'sessions']));
    expect(info.capabilities).not.toContain('cluster-election');
    // Started without --dovecot-users-dir: it says accounts are not provisioned here, and why.
    expect(info.unsupported?.map((u) => u.feature)).toEqual([
      'session-counters',
      'alerts',
      'cluster-election',
      'accounts',
    ]);
    const status = await client(b1.adminUrl).status();
    expect(status).toMatchObject({ readiness: 'ready', clusterRole: 'none', drain: null });
    expect(status.load.sessions.imap).toBe(2);
    expect(status.load.accountsOpen).toBe(2);
    expect(status.listeners).toContainEqual({ protocol: 'imap', port: cluster.imapPort, open: true });
    // The director proxies them: it counts the sessions, never accounts.
    const front = await client(dir.adminUrl).status();
    expect(front.load).toMatchObject({ sessions: { imap: 2 }, accountsOpen: 0 });
  });

  it("lists and ends one account's sessions", async () => {
    const b1 = await startNode(node('b1'));
    const [u] = await usersHashedTo(cluster, node('b1').ip, 1, used);
    used.add(u!.user);
    const s = await imapLogin({ host: node('dir').ip, port: cluster.imapPort, ...u! });
    sessions.push(s);
    const c = client(b1.adminUrl);
    expect(await c.accountSessions([u!.user.toUpperCase(), 'nobody@example.com'])).toEqual({
      accounts: [{ address: u!.user.toUpperCase(), sessions: { imap: 1, pop: 0, smtp: 0, http: 0 } }],
    });
    expect(await c.endAccountSessions(u!.user)).toEqual({ ended: 1 });
    await s.closed;
  });

  it('Make Non-Ready on a backend sends new users to the other one; open sessions run on and drain', async () => {
    const b2 = await startNode(node('b2'));
    const c = client(b2.adminUrl);
    const [old] = await loginsTo(node('b2'), 1);
    const doomed = await usersHashedTo(cluster, node('b2').ip, 2, used); // would land on b2 if it stayed Ready
    const drained = await c.setReadiness(false);
    expect(drained).toMatchObject({ readiness: 'draining', drain: { sessionsAtStart: 1, sessionsRemaining: 1 } });
    const hosts = await doveadm(node('dir')).directorStatus();
    expect(hosts.find((h) => h['mail server ip'] === node('b2').ip)?.vhosts).toBe('0');

    for (const u of doomed) {
      used.add(u.user);
      sessions.push(await imapLogin({ host: node('dir').ip, port: cluster.imapPort, ...u }));
    }
    const onB1 = (await doveadm(node('b1')).who()).filter((r) => doomed.some((u) => u.user === r.username));
    expect(onB1).toHaveLength(2);
    await old!.command('NOOP'); // the open session is untouched
    expect((await c.status()).load.sessions.imap).toBe(1);

    expect(await c.endSessions()).toEqual({ ended: 1 });
    await old!.closed;
    expect(await c.status()).toMatchObject({ readiness: 'drained', drain: { sessionsRemaining: 0 } });

    expect((await c.setReadiness(true)).readiness).toBe('ready');
    const restored = await doveadm(node('dir')).directorStatus();
    expect(restored.find((h) => h['mail server ip'] === node('b2').ip)?.vhosts).toBe('100');
    await loginsTo(node('b2'), 1);
    expect((await c.status()).load.sessions.imap).toBe(1);
  });

  it('a director made Non-Ready refuses new clients, keeps proxied sessions and the vhost counts', async () => {
    const [dir, b2] = await Promise.all([startNode(node('dir')), startNode(node('b2'))]);
    await client(b2.adminUrl).setReadiness(false); // must survive the director's reload
    const [open] = await loginsTo(node('b1'), 1);
    const before = await client(dir.adminUrl).setReadiness(false);
    expect(before.readiness).toBe('non-ready');
    expect(before.listeners.filter((l) => l.protocol !== 'admin').every((l) => !l.open)).toBe(true);
    const login = { host: node('dir').ip, port: cluster.imapPort, ...testUsers().at(-1)! };
    await expect(imapLogin(login)).rejects.toThrow(/ECONNREFUSED/);
    await open!.command('NOOP');
    expect((await client(b2.adminUrl).status()).readiness).toMatch(/draining|drained/);

    expect((await client(dir.adminUrl).setReadiness(true)).readiness).toBe('ready');
    sessions.push(await imapLogin(login));
    await open!.command('NOOP');
    expect((await client(b2.adminUrl).setReadiness(true)).readiness).toBe('ready');
  });

  it('reload applies the configuration without dropping sessions', async () => {
    const [b1] = await Promise.all([startNode(node('b1'))]);
    const [open] = await loginsTo(node('b1'), 1);
    const before = (await client(b1.adminUrl).status()).load.sessions.imap;
    await (b1.driver as unknown as { reload(): Promise<void> }).reload();
    await open!.command('NOOP');
    await waitFor(
      async () => ((await client(b1.adminUrl).status()).load.sessions.imap === before ? true : undefined),
      3000,
      'the sessions to be listed again',
    );
  });

  it('a backend without a director cannot change readiness and says why', async () => {
    const b1 = await startNode(node('b1'), { directorUrl: undefined });
    const info = await client(b1.adminUrl).info();
    expect(info.capabilities).not.toContain('readiness');
    expect(info.unsupported?.find((u) => u.feature === 'readiness')?.reason).toMatch(/--director-doveadm-url/);
    await expect(client(b1.adminUrl).setReadiness(false)).rejects.toThrow(/director/);
  });

  it('refuses to start with a wrong doveadm API key', async () => {
    await expect(startNode(node('b1'), { doveadmKey: 'wrong-key' })).rejects.toThrow(/API key was refused/);
  });

  it('turns doveadm failures (HTTP 200 with an exit code) into errors, and drops proxyList header rows', async () => {
    const err = await doveadm(node('b1'))
      .call('kick', { mask: ['nobody@example.com'] }, z.unknown())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DoveadmError);
    expect((err as DoveadmError).exitCode).toBe(EX_NOUSER);
    await expect(doveadm(node('b1')).call('noSuchCommand', {}, z.unknown())).rejects.toThrow(/unknownMethod/);
    await loginsTo(node('b1'), 2);
    const rows = await doveadm(node('dir')).proxyList();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.some((r) => r.username === 'username')).toBe(false);
  });
});
