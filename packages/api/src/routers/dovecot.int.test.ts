// Real Dovecot 2.3 nodes through the console: a director and two backends
// (scripts/lib/dovecot.mjs), a node agent process with --driver=dovecot beside
// each, real IMAP logins through the director, and the console's own router
// and collector. Skipped, with the reason, only where Dovecot cannot be installed.
import net from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  agentArgs,
  downCluster,
  installDovecot,
  provisionTestUsers,
  upCluster,
  usersHashedTo,
  type DovecotCluster,
  type DovecotNode,
} from '../../../../scripts/lib/dovecot.mjs';
import { imapLogin, type ImapSession } from '../../../../scripts/lib/imap.mjs';
import { startAgentProcess, type RunningAgent } from '../../test/agents';
import { callerAs, collectOnce, createTestDeps } from '../../test/db';

const unavailable = installDovecot();
if (unavailable) console.warn(`SKIPPED: Dovecot integration tests: ${unavailable}`);

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let cluster: DovecotCluster;
let agents: RunningAgent[] = [];
const ids: Record<string, string> = {};
const sessions: ImapSession[] = [];
const used = new Set<string>();
/** Sessions held open on b2 since before it was made Non-Ready. */
let old: ImapSession[] = [];

const node = (name: DovecotNode['name']) => cluster.nodes.find((n) => n.name === name)!;

/** Logs in through the director as fresh users it sends to `backend` (by its hash, right now). */
async function loginsTo(backend: DovecotNode, count: number) {
  return loginAs(await usersHashedTo(cluster, backend.ip, count, used));
}

async function loginAs(users: Array<{ user: string; password: string }>) {
  const opened: ImapSession[] = [];
  for (const u of users) {
    used.add(u.user);
    opened.push(await imapLogin({ host: node('dir').ip, port: cluster.imapPort, ...u }));
  }
  sessions.push(...opened);
  return opened;
}

async function shown(name: string) {
  await collectOnce(deps);
  const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
  return operator.nodes.get({ id: ids[name]! });
}

function tcpConnect(host: string, port: number): Promise<'open' | 'refused'> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.once('connect', () => (socket.destroy(), resolve('open')));
    socket.once('error', () => resolve('refused'));
  });
}

describe.skipIf(unavailable !== null)('real Dovecot nodes in the console', () => {
  beforeAll(async () => {
    [deps, cluster] = await Promise.all([createTestDeps(), upCluster()]);
    agents = await Promise.all(
      cluster.nodes.map((n) =>
        startAgentProcess(`dovecot-${n.name}`, n.role === 'director' ? 'frontend' : 'backend', agentArgs(cluster, n)),
      ),
    );
    // The cluster has no mail users: push test accounts to the backends' agents, at a revision above
    // any the console sends meanwhile (this file is about sessions and readiness, not provisioning).
    await provisionTestUsers(
      agents.filter((a) => a.role === 'backend'),
      { revision: 1_000_000_000 },
    );
    const admin = await callerAs(deps, 'SERVER_ADMIN');
    for (const a of agents) {
      const role = a.role === 'backend' ? 'BACKEND' : 'FRONTEND';
      ids[a.name] = (
        await admin.nodes.register({ name: a.name, role, adminUrl: a.adminUrl, token: a.token, allowPlainHttp: true })
      ).id;
    }
  });
  afterAll(async () => {
    for (const s of sessions) s.destroy();
    await Promise.all(agents.map((a) => a.stop()));
    if (cluster) await downCluster(cluster);
    await deps?.dispose();
  });

  it('shows real IMAP logins through the director as sessions on the right backend', async () => {
    old = await loginsTo(node('b2'), 2);
    await loginsTo(node('b1'), 1);
    const b2 = await shown('dovecot-b2');
    expect(b2).toMatchObject({ state: 'ready', sessions: { imap: 2, total: 2 }, accountsOpen: 2 });
    expect(b2.softwareVersion).toMatch(/^2\.3\./);
    expect(await shown('dovecot-b1')).toMatchObject({ state: 'ready', sessions: { imap: 1 }, accountsOpen: 1 });
    // The director proxies all three and opens no mailbox itself.
    expect(await shown('dovecot-dir')).toMatchObject({ state: 'ready', sessions: { imap: 3 }, accountsOpen: 0 });
  });

  it('tells the console what Dovecot cannot do, with the reason', async () => {
    const b2 = await shown('dovecot-b2');
    expect(b2.capabilities).toEqual(expect.arrayContaining(['readiness', 'drain', 'end-sessions']));
    expect(b2.capabilities).not.toContain('cluster-election');
    expect(b2.unsupported).toContainEqual({ feature: 'cluster-election', reason: expect.stringMatching(/director/) });
    expect(b2.clusterRole).toBe('none');
  });

  it('Make Non-Ready on that backend sends new logins to the other one; the old sessions stay open', async () => {
    const wouldGoToB2 = await usersHashedTo(cluster, node('b2').ip, 3, used);
    const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
    const res = await operator.nodes.setReadiness({ ids: [ids['dovecot-b2']!], ready: false });
    expect(res.results[0]).toMatchObject({ ok: true, readiness: 'draining' });

    await loginAs(wouldGoToB2);
    expect(await shown('dovecot-b1')).toMatchObject({ sessions: { imap: 4 }, accountsOpen: 4 });
    const b2 = await shown('dovecot-b2');
    expect(b2).toMatchObject({ state: 'draining', sessions: { imap: 2 }, drain: { atStart: 2, remaining: 2 } });
    for (const s of old) expect((await s.command('NOOP')).at(-1)).toMatch(/OK/);
  });

  it('ending the remaining sessions empties the backend: Drained', async () => {
    const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
    expect(await operator.nodes.endSessions({ id: ids['dovecot-b2']! })).toEqual({ ended: 2 });
    await Promise.all(old.map((s) => s.closed));
    expect(await shown('dovecot-b2')).toMatchObject({ state: 'drained', sessions: { total: 0 }, accountsOpen: 0 });
    expect(await shown('dovecot-b1')).toMatchObject({ sessions: { imap: 4 } });
  });

  it('Make Ready brings it back: new users go to it again', async () => {
    const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
    const res = await operator.nodes.setReadiness({ ids: [ids['dovecot-b2']!], ready: true });
    expect(res.results[0]).toMatchObject({ ok: true, readiness: 'ready' });
    await loginsTo(node('b2'), 1);
    expect(await shown('dovecot-b2')).toMatchObject({ state: 'ready', sessions: { imap: 1 }, drain: null });
  });

  it('a director made Non-Ready closes its client listener; open sessions continue', async () => {
    const operator = await callerAs(deps, 'CLUSTER_OPERATOR');
    const dir = node('dir');
    const [open] = await loginsTo(node('b1'), 1);
    const res = await operator.nodes.setReadiness({ ids: [ids['dovecot-dir']!], ready: false });
    expect(res.results[0]).toMatchObject({ ok: true, readiness: 'non-ready' });
    expect(await tcpConnect(dir.ip, cluster.imapPort)).toBe('refused');
    expect((await open!.command('NOOP')).at(-1)).toMatch(/OK/);
    const shownDir = await shown('dovecot-dir');
    expect(shownDir.state).toBe('non-ready');
    expect(shownDir.listeners.find((l) => l.protocol === 'imap')?.open).toBe(false);

    await operator.nodes.setReadiness({ ids: [ids['dovecot-dir']!], ready: true });
    expect(await tcpConnect(dir.ip, cluster.imapPort)).toBe('open');
    // The director's restart on reload did not undo b2's restored vhost count.
    await loginsTo(node('b2'), 1);
    expect((await shown('dovecot-b2')).sessions.imap).toBe(2);
  });
});
