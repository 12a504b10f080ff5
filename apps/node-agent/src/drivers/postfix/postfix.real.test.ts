// The Postfix driver against a real Postfix SMTP frontend delivering over LMTP to a real Dovecot 2.3
// director and two backends (scripts/lib/dovecot.mjs with postfix: true): accounts pushed as
// configuration revisions decide what SMTP accepts, mail sent over SMTP is read over IMAP through
// the director, Make Non-Ready closes SMTP while the queue is still delivered. Skipped, with the
// reason, only where Dovecot or Postfix cannot be installed or started (Postfix needs root).
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createNodeClient, type AccountChange, type ConfigSnapshot } from '@cc/node-api';
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
} from '../../../../../scripts/lib/dovecot.mjs';
import { imapLogin } from '../../../../../scripts/lib/imap.mjs';
import type { RunningAgent } from '../../agent';
import { TOKEN } from '../../test-helpers';
import { eventually, LineConn, sendMail } from '../mail-clients.test-util';
import { startAgentFromFlags } from '../real-agents.test-util';

const unavailable = installDovecot({ postfix: true }) ?? postfixUnavailableReason();
if (unavailable) console.warn(`SKIPPED: Postfix frontend against real Postfix and Dovecot: ${unavailable}`);

let cluster: DovecotCluster;
const agents: RunningAgent[] = [];
let smtpAgent: RunningAgent;
let revision = 0;
const node = (name: DovecotNode['name']) => cluster.nodes.find((n) => n.name === name)!;
const client = (a: RunningAgent) => createNodeClient({ baseUrl: a.adminUrl, token: TOKEN, timeoutMs: 60_000 });
const CLIENT_IP = '127.0.0.14';

const account = (local: string, patch: Partial<AccountChange> = {}): AccountChange => ({
  address: `${local}@mail.test`,
  id: `id-${local}`,
  settings: {},
  enabled: true,
  passwordHash: `{PLAIN}pw-${local}`,
  ...patch,
});
const snapshot = (accounts: AccountChange[], patch: Partial<ConfigSnapshot> = {}): ConfigSnapshot => ({
  revision: ++revision,
  defaults: { domain: {}, account: {}, prefs: {} },
  domains: [{ name: 'mail.test', settings: { maxMessageSizeKB: 100 } }],
  accounts,
  accountsReset: false,
  alerts: [],
  ...patch,
});
const push = async (s: ConfigSnapshot) => {
  for (const a of [...agents, smtpAgent])
    expect(await client(a).applyConfig(s)).toMatchObject({ revision: s.revision });
};
const smtp = () => ({ host: cluster.postfix!.ip, port: cluster.postfix!.port, localAddress: CLIENT_IP });
const message = (to: string, subject: string, size = 0) =>
  `From: sender@example.org\r\nTo: ${to}\r\nSubject: ${subject}\r\n\r\nhello\r\n${'y'.repeat(size)}\r\n`;
const postfix = (...args: string[]) =>
  execFileSync(args[0]!, ['-c', cluster.postfix!.configDir, ...args.slice(1)], { encoding: 'utf8' });

/** Messages in the account's INBOX with this subject, read over IMAP through the director. */
async function inbox(local: string, subject: string): Promise<number> {
  const s = await imapLogin({
    host: node('dir').ip,
    port: cluster.imapPort,
    user: `${local}@mail.test`,
    password: `pw-${local}`,
  });
  try {
    const found = (await s.command(`SEARCH SUBJECT "${subject}"`)).find((l) => l.startsWith('* SEARCH'));
    return (found ?? '* SEARCH').split(' ').length - 2;
  } finally {
    await s.logout();
  }
}

describe.skipIf(unavailable !== null)('Postfix frontend on a real mail cluster', () => {
  beforeAll(async () => {
    cluster = await upCluster({ postfix: true });
    const start = (role: 'frontend' | 'backend', name: string, args: string[]) =>
      startAgentFromFlags([`--role=${role}`, `--name=${name}`, ...args]);
    for (const n of cluster.nodes)
      agents.push(await start(n.role === 'director' ? 'frontend' : 'backend', `pf-${n.name}`, agentArgs(cluster, n)));
    smtpAgent = await start('frontend', 'pf-smtp', postfixAgentArgs(cluster));
    await push(snapshot([account('ann'), account('bob')], { accountsReset: true }));
  }, 60_000);
  afterAll(async () => {
    await Promise.all([...agents, smtpAgent].filter(Boolean).map((a) => a.close()));
    if (cluster) await downCluster(cluster);
  }, 60_000);

  it('accepts mail only for existing accounts: 550 at RCPT TO for anyone else', async () => {
    const to = (rcpt: string) =>
      sendMail({ ...smtp(), from: 'sender@example.org', to: rcpt, body: message(rcpt, 'probe') });
    expect(await to('nobody@mail.test')).toMatchObject({ stage: 'RCPT', reply: expect.stringMatching(/^550 5\.1\.1/) });
    expect(await to('x@other.test')).toMatchObject({ stage: 'RCPT', reply: expect.stringMatching(/^550 /) });
    expect(await to('bob@mail.test')).toMatchObject({ stage: 'done' });
  });

  it('SMTP -> LMTP through the director -> the backend: the message is read over IMAP', async () => {
    const sent = await sendMail({
      ...smtp(),
      from: 'sender@example.org',
      to: 'ann@mail.test',
      body: message('ann@mail.test', 'first-flow'),
    });
    expect(sent).toMatchObject({ stage: 'done', reply: expect.stringMatching(/^250 /) });
    expect(
      await eventually(
        async () => ((await inbox('ann', 'first-flow')) === 1 ? 1 : Promise.reject(new Error('not yet'))),
        10_000,
      ),
    ).toBe(1);
    // A new account is accepted once its revision is applied.
    await push(snapshot([account('cy')]));
    expect(
      await sendMail({ ...smtp(), from: 'a@example.org', to: 'cy@mail.test', body: message('cy@mail.test', 'hi') }),
    ).toMatchObject({ stage: 'done' });
  });

  it('refuses a message over the maximum size at SMTP, and reports its sessions and queue', async () => {
    const big = await sendMail({
      ...smtp(),
      from: 'a@example.org',
      to: 'ann@mail.test',
      body: message('ann@mail.test', 'big', 120 * 1024),
    });
    expect(big).toMatchObject({ stage: 'DATA', reply: expect.stringMatching(/^552 /) });
    const held = await LineConn.open(cluster.postfix!.ip, cluster.postfix!.port, CLIENT_IP);
    await held.reply();
    const status = await client(smtpAgent).status();
    expect(status.load.sessions.smtp).toBeGreaterThanOrEqual(1);
    expect(status.queue).toEqual({
      active: expect.any(Number),
      deferred: expect.any(Number),
      total: expect.any(Number),
    });
    held.destroy();
  });

  it('Make Non-Ready refuses new SMTP connections while queued mail is still delivered; Make Ready reopens', async () => {
    // Hold deliveries back so that mail waits in the queue, as when the director is briefly away.
    postfix('postconf', '-e', 'defer_transports=lmtp');
    postfix('postfix', 'reload');
    for (const n of [1, 2]) {
      const r = await sendMail({
        ...smtp(),
        from: 'a@example.org',
        to: 'bob@mail.test',
        body: message('bob@mail.test', `queued-${n}`),
      });
      expect(r.stage).toBe('done');
    }
    expect((await client(smtpAgent).status()).queue?.total).toBeGreaterThanOrEqual(2);
    // An SMTP session open before Make Non-Ready may finish; new ones are deferred, then refused.
    const open = await LineConn.open(cluster.postfix!.ip, cluster.postfix!.port, CLIENT_IP);
    await open.reply();
    expect(await client(smtpAgent).setReadiness(false)).toMatchObject({ readiness: 'non-ready' });
    const deferred = await sendMail({ ...smtp(), from: 'a@example.org', to: 'bob@mail.test', body: 'x' });
    expect(deferred).toMatchObject({ stage: 'RCPT', reply: expect.stringMatching(/^450 /) });
    open.send('QUIT');
    await open.closed;
    await eventually(async () => {
      const status = await client(smtpAgent).status();
      if (status.listeners.find((l) => l.protocol === 'smtp')?.open !== false) throw new Error('listener still open');
    }, 15_000);
    expect(await sendMail({ ...smtp(), from: 'a@example.org', to: 'bob@mail.test', body: 'x' })).toMatchObject({
      stage: 'connect',
      reply: 'ECONNREFUSED',
    });
    postfix('postconf', '-X', 'defer_transports');
    postfix('postfix', 'reload');
    postfix('postqueue', '-f');
    await eventually(
      async () => ((await inbox('bob', 'queued')) === 2 ? 2 : Promise.reject(new Error('not yet'))),
      20_000,
    );
    expect((await client(smtpAgent).status()).queue?.total).toBe(0);
    expect((await client(smtpAgent).setReadiness(true)).readiness).toBe('ready');
    expect(
      await sendMail({
        ...smtp(),
        from: 'a@example.org',
        to: 'bob@mail.test',
        body: message('bob@mail.test', 'reopened'),
      }),
    ).toMatchObject({ stage: 'done' });
  });

  it('a map Postfix cannot build keeps the previous maps and is reported for that revision', async () => {
    const mainCf = join(cluster.postfix!.configDir, 'main.cf');
    const good = await readFile(mainCf, 'utf8');
    const maps = await readFile(join(cluster.postfix!.configDir, 'vmailboxes'), 'utf8');
    await writeFile(mainCf, `${good}this line is not a parameter\n`);
    const bad = snapshot([account('dee')]);
    const err = await client(smtpAgent)
      .applyConfig(bad)
      .catch((e: unknown) => e);
    await writeFile(mainCf, good);
    expect(err).toMatchObject({ status: 500, code: 'apply-failed' });
    expect(await readFile(join(cluster.postfix!.configDir, 'vmailboxes'), 'utf8')).toBe(maps);
    expect((await client(smtpAgent).status()).config).toMatchObject({ lastError: { revision: bad.revision } });
    expect(await sendMail({ ...smtp(), from: 'a@example.org', to: 'dee@mail.test', body: 'x' })).toMatchObject({
      stage: 'RCPT',
    });
    await client(smtpAgent).applyConfig(bad);
    expect(await readFile(join(cluster.postfix!.configDir, 'vmailboxes'), 'utf8')).toContain('dee@mail.test OK');
  });
});
