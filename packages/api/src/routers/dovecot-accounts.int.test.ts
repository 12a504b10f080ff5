// One change, every node, on real mail servers: domains and accounts made through the console's
// routers reach a real Dovecot 2.3 director and two backends (and a Postfix frontend where it can
// run) through the reconciler and the node agents. Skipped, with the reason, only where Dovecot
// cannot be installed; the SMTP step only where Postfix cannot be started (it needs root).
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  agentArgs,
  downCluster,
  installDovecot,
  postfixAgentArgs,
  postfixUnavailableReason,
  upCluster,
  type DovecotCluster,
  type DovecotNode,
} from '../../../../scripts/lib/dovecot.mjs';
import { imapLogin, type ImapSession } from '../../../../scripts/lib/imap.mjs';
import { Reconciler } from '../services/propagation/reconciler';
import { startAgentProcess, type RunningAgent } from '../../test/agents';
import { callerAs, collectOnce, createTestDeps } from '../../test/db';

const unavailable = installDovecot({ postfix: true });
if (unavailable) console.warn(`SKIPPED: console accounts on real Dovecot: ${unavailable}`);
const noPostfix = unavailable ?? postfixUnavailableReason();
if (!unavailable && noPostfix) console.warn(`SKIPPED (SMTP step): ${noPostfix}`);

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let cluster: DovecotCluster;
let agents: RunningAgent[] = [];
let reconciler: Reconciler;
let admin: Awaited<ReturnType<typeof callerAs>>;
const sessions: ImapSession[] = [];
const node = (name: DovecotNode['name']) => cluster.nodes.find((n) => n.name === name)!;

/** Pushes the newest revision to every node, as the console's reconciler does on each change. */
async function settle() {
  await collectOnce(deps);
  const pushed = await reconciler.reconcile();
  expect(pushed.filter((p) => !p.ok)).toEqual([]);
}

const imap = async (user: string, password: string) => {
  const s = await imapLogin({ host: node('dir').ip, port: cluster.imapPort, user, password, timeoutMs: 5000 });
  sessions.push(s);
  return s;
};
async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}
const refusal = (user: string, password: string) =>
  imap(user, password).then(
    (s) => (s.destroy(), 'signed in'),
    (e: Error) => e.message,
  );

/** One message over SMTP; resolves with the last reply. */
function smtpSend(to: string, subject: string): Promise<string> {
  const pf = cluster.postfix!;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: pf.ip, port: pf.port, localAddress: '127.0.0.14' });
    const steps = [
      'EHLO client.test',
      'MAIL FROM:<someone@example.org>',
      `RCPT TO:<${to}>`,
      'DATA',
      `Subject: ${subject}\r\n\r\nhello\r\n.`,
      'QUIT',
    ];
    let buffer = '';
    let last = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let at;
      while ((at = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (/^\d{3}-/.test(line)) continue;
        last = line;
        if (/^[45]/.test(line) || steps.length === 0) return socket.end();
        socket.write(`${steps.shift()}\r\n`);
      }
    });
    socket.on('close', () => resolve(last));
    socket.on('error', reject);
  });
}

describe.skipIf(unavailable !== null)('console accounts on real Dovecot and Postfix', () => {
  beforeAll(async () => {
    [deps, cluster] = await Promise.all([createTestDeps(), upCluster({ postfix: noPostfix === null })]);
    const started = cluster.nodes.map((n) =>
      startAgentProcess(`story-${n.name}`, n.role === 'director' ? 'frontend' : 'backend', agentArgs(cluster, n)),
    );
    if (cluster.postfix) started.push(startAgentProcess('story-smtp', 'frontend', postfixAgentArgs(cluster)));
    agents = await Promise.all(started);
    admin = await callerAs(deps, 'SERVER_ADMIN');
    for (const a of agents) {
      const role = a.role === 'backend' ? 'BACKEND' : 'FRONTEND';
      // The agents serve plain HTTP on loopback addresses: registered as that explicit choice.
      await admin.nodes.register({ name: a.name, role, adminUrl: a.adminUrl, token: a.token, allowPlainHttp: true });
    }
    reconciler = new Reconciler({ prisma: deps.db.prisma, secrets: deps.secrets, timeoutMs: 10_000 });
    await admin.domains.create({ name: 'story.test' });
    await admin.accounts.create({ domain: 'story.test', name: 'ann', password: 'First-password-1' });
    await settle();
  }, 60_000);
  afterAll(async () => {
    for (const s of sessions) s.destroy();
    await Promise.all(agents.map((a) => a.stop()));
    if (cluster) await downCluster(cluster);
    await deps?.dispose();
  }, 60_000);

  it('an account created in the console signs in over IMAP through the director', async () => {
    const s = await eventually(() => imap('ann@story.test', 'First-password-1'));
    expect((await s.command('NOOP')).at(-1)).toMatch(/OK/);
    expect(await refusal('ann@story.test', 'wrong')).toMatch(/AUTHENTICATIONFAILED/);
  });

  it('a password set in the console: the old one is refused, the new one accepted', async () => {
    await admin.accounts.resetPassword({ address: 'ann@story.test', password: 'Second-password-2' });
    await settle();
    await eventually(() => imap('ann@story.test', 'Second-password-2'));
    expect(await refusal('ann@story.test', 'First-password-1')).toMatch(/AUTHENTICATIONFAILED/);
  });

  it('mail sent over SMTP to the frontend is read over IMAP', async (ctx) => {
    if (!cluster.postfix) ctx.skip();
    expect(await eventually(() => smtpSend('ann@story.test', 'via-console').then((r) => r), 10_000)).toMatch(
      /^221|^250/,
    );
    const s = await imap('ann@story.test', 'Second-password-2');
    await eventually(async () => {
      const found = (await s.command('SEARCH SUBJECT "via-console"')).find((l) => l.startsWith('* SEARCH'));
      if (!found || found.trim() === '* SEARCH') throw new Error('not delivered yet');
    }, 15_000);
    expect(await smtpSend('nobody@story.test', 'x')).toMatch(/^550/);
  });

  it('disabling in the console ends the open session and refuses new logins', async () => {
    const open = await imap('ann@story.test', 'Second-password-2');
    await admin.accounts.setEnabled({ address: 'ann@story.test', enabled: false });
    await settle();
    await Promise.race([open.closed, new Promise((_, no) => setTimeout(() => no(new Error('still open')), 5000))]);
    expect(await refusal('ann@story.test', 'Second-password-2')).toMatch(/Disabled|CONTACTADMIN/);
  });

  it('deleting with "archive" moves the mailbox on the shared storage', async () => {
    const id = fs.readdirSync(path.join(cluster.mailRoot, 'story.test'))[0]!;
    await admin.accounts.delete({
      address: 'ann@story.test',
      confirm: 'ann@story.test',
      mailbox: 'archive',
      archiveFolder: 'leavers',
    });
    await settle();
    expect(fs.existsSync(path.join(cluster.mailRoot, 'story.test', id))).toBe(false);
    expect(fs.existsSync(path.join(cluster.mailRoot, '_archive', 'leavers', 'story.test', id))).toBe(true);
  });
});
