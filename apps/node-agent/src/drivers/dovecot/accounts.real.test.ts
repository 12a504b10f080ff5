// Accounts pushed as configuration revisions reach a real Dovecot 2.3 cluster (director + two
// backends on shared storage, scripts/lib/dovecot.mjs): logins over IMAP and POP3 through the
// director, password changes, disabling, protocols, quota, deletes with their mailbox choice, and a
// revision Dovecot refuses. Skipped, with the reason, only where Dovecot cannot be installed.
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createNodeClient, type AccountChange, type ConfigSnapshot } from '@cc/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentArgs,
  downCluster,
  installDovecot,
  upCluster,
  type DovecotCluster,
  type DovecotNode,
} from '../../../../../scripts/lib/dovecot.mjs';
import { imapLogin, type ImapSession } from '../../../../../scripts/lib/imap.mjs';
import type { RunningAgent } from '../../agent';
import { tempDir, TOKEN } from '../../test-helpers';
import { eventually, pop3Login, sendMail } from '../mail-clients.test-util';
import { DoveadmClient } from './doveadm-client';
import { startAgentFromFlags } from '../real-agents.test-util';

const unavailable = installDovecot();
if (unavailable) console.warn(`SKIPPED: accounts on a real Dovecot cluster: ${unavailable}`);

let cluster: DovecotCluster;
const agents: RunningAgent[] = [];
const sessions: ImapSession[] = [];
let revision = 0;
const node = (name: DovecotNode['name']) => cluster.nodes.find((n) => n.name === name)!;
const client = (a: RunningAgent) => createNodeClient({ baseUrl: a.adminUrl, token: TOKEN, timeoutMs: 15_000 });

const account = (local: string, patch: Partial<AccountChange> = {}): AccountChange => ({
  address: `${local}@acme.test`,
  id: `id-${local}`,
  settings: {},
  enabled: true,
  passwordHash: `{PLAIN}pw-${local}`,
  ...patch,
});
const snapshot = (accounts: AccountChange[], patch: Partial<ConfigSnapshot> = {}): ConfigSnapshot => ({
  revision: ++revision,
  defaults: { domain: {}, account: {}, prefs: {} },
  domains: [{ name: 'acme.test', settings: {} }],
  accounts,
  accountsReset: false,
  alerts: [],
  ...patch,
});
/** Pushes one revision to every node, as the console does. */
const push = async (s: ConfigSnapshot) => {
  for (const a of agents) expect(await client(a).applyConfig(s)).toMatchObject({ revision: s.revision });
};

const imap = (user: string, password: string) =>
  imapLogin({ host: node('dir').ip, port: cluster.imapPort, user, password, timeoutMs: 5000 }).then((s) => {
    sessions.push(s);
    return s;
  });
const refused = (user: string, password: string) =>
  imap(user, password).then(
    (s) => (s.destroy(), Promise.reject(new Error(`${user} could still sign in`))),
    (err: Error) => err.message,
  );
const backendVhosts = async () =>
  (await new DoveadmClient({ url: node('dir').doveadmUrl, apiKey: cluster.apiKey }).directorStatus()).map(
    (h) => h.vhosts,
  );
const pop = (user: string, password: string) => pop3Login(node('dir').ip, cluster.popPort, user, password);

describe.skipIf(unavailable !== null)('accounts on a real Dovecot cluster', () => {
  beforeAll(async () => {
    cluster = await upCluster();
    for (const n of cluster.nodes) {
      const role = n.role === 'director' ? 'frontend' : 'backend';
      agents.push(await startAgentFromFlags([`--role=${role}`, `--name=dc-${n.name}`, ...agentArgs(cluster, n)]));
    }
    // Fresh backends hold themselves back from the director until their accounts arrive.
    expect(await backendVhosts()).toEqual(['0', '0']);
    await push(snapshot([account('ann'), account('bob')], { accountsReset: true }));
    expect(await backendVhosts()).toEqual(['100', '100']);
  }, 30_000);
  afterAll(async () => {
    for (const s of sessions) s.destroy();
    await Promise.all(agents.map((a) => a.close()));
    if (cluster) await downCluster(cluster);
  }, 30_000);

  it('a pushed account signs in over IMAP and POP3 through the director; nobody else does', async () => {
    const s = await eventually(() => imap('ann@acme.test', 'pw-ann'));
    expect((await s.command('NOOP')).at(-1)).toMatch(/OK/);
    expect(await pop('bob@acme.test', 'pw-bob')).toMatch(/^\+OK/);
    expect(await refused('ann@acme.test', 'wrong')).toMatch(/AUTHENTICATIONFAILED/);
    expect(await refused('nobody@acme.test', 'pw-ann')).toMatch(/AUTHENTICATIONFAILED/);
    // The backends' passwd-files hold the hash, never a plain password from elsewhere.
    const file = await readFile(join(node('b1').usersDir!, 'acme.test'), 'utf8');
    expect(file).toContain(`ann:{PLAIN}pw-ann::::${cluster.mailRoot}/acme.test/id-ann::`);
  });

  it('a password change: the old password is refused, the new one accepted', async () => {
    await push(snapshot([account('ann', { passwordHash: '{PLAIN}new-pw-1' })]));
    await eventually(() => imap('ann@acme.test', 'new-pw-1'));
    expect(await refused('ann@acme.test', 'pw-ann')).toMatch(/AUTHENTICATIONFAILED/);
  });

  it('an account without a usable hash (an old scheme) exists but cannot sign in', async () => {
    await push(snapshot([account('old', { passwordHash: null })]));
    await new Promise((r) => setTimeout(r, 1100));
    expect(await refused('old@acme.test', '')).toMatch(/AUTHENTICATIONFAILED/);
    expect(await refused('old@acme.test', '!')).toMatch(/AUTHENTICATIONFAILED/);
  });

  it('disabling ends the open IMAP session and refuses new logins', async () => {
    const open = await eventually(() => imap('bob@acme.test', 'pw-bob'));
    await push(snapshot([account('bob', { enabled: false })]));
    await Promise.race([open.closed, new Promise((_, no) => setTimeout(() => no(new Error('still open')), 5000))]);
    expect(await refused('bob@acme.test', 'pw-bob')).toMatch(/Disabled|CONTACTADMIN/);
    await push(snapshot([account('bob')]));
    await eventually(() => imap('bob@acme.test', 'pw-bob'));
  });

  it('protocols: IMAP switched off for one account refuses IMAP and still allows POP3', async () => {
    await push(snapshot([account('cy', { settings: { imapEnabled: false } })]));
    expect(
      await eventually(() =>
        pop('cy@acme.test', 'pw-cy').then((r) => (r.startsWith('+OK') ? r : Promise.reject(new Error(r)))),
      ),
    ).toMatch(/^\+OK/);
    expect(await refused('cy@acme.test', 'pw-cy')).toMatch(/AUTHENTICATIONFAILED/);
  });

  it("quota and maximum message size: APPEND over them is refused with Dovecot's own error", async () => {
    await push(snapshot([account('dee', { settings: { mailboxQuotaMB: 1, maxMessageSizeKB: 600 } })]));
    const s = await eventually(() => imap('dee@acme.test', 'pw-dee'));
    const append = (kb: number) => {
      const body = `Subject: t\r\n\r\n${'x'.repeat(kb * 1024)}\r\n`;
      return s.command(`APPEND INBOX {${body.length}+}\r\n${body}`).then(
        () => 'OK',
        (e: Error) => e.message,
      );
    };
    expect(await append(700)).toMatch(/\[LIMIT\]/);
    expect(await append(500)).toBe('OK');
    expect(await append(500)).toBe('OK');
    expect(await append(100)).toMatch(/\[OVERQUOTA\]/);
    // Delivery (LMTP through the director): one more message fits in Dovecot's 10 % grace, after that
    // the mailbox is over its quota and the next one is refused at RCPT TO.
    const lmtp = (kb: number) =>
      sendMail({
        host: node('dir').ip,
        port: cluster.lmtpPort,
        lmtp: true,
        from: 'a@example.org',
        to: 'dee@acme.test',
        body: `Subject: late\r\n\r\n${'z'.repeat(kb * 1024)}\r\n`,
      });
    expect(await lmtp(90)).toMatchObject({ stage: 'done' });
    const refusedDelivery = await lmtp(1);
    expect(refusedDelivery).toMatchObject({
      stage: 'RCPT',
      reply: expect.stringMatching(/^552 5\.2\.2 .*Quota exceeded/),
    });
  });

  it('a rename keeps the mail; a delete archives or removes the mailbox once, on the shared storage', async () => {
    await push(snapshot([account('eve'), account('fay')]));
    const s = await eventually(() => imap('eve@acme.test', 'pw-eve'));
    await s.command(`APPEND INBOX {14+}\r\nSubject: x\r\n\r\n`);
    await s.logout();
    const home = join(cluster.mailRoot, 'acme.test', 'id-eve');
    expect(existsSync(home)).toBe(true);
    await push(
      snapshot([
        account('eve', { settings: null }),
        account('eve2', { id: 'id-eve', renamedFrom: 'eve@acme.test', passwordHash: '{PLAIN}pw-eve' }),
      ]),
    );
    const renamed = await eventually(() => imap('eve2@acme.test', 'pw-eve'));
    expect((await renamed.command('STATUS INBOX (MESSAGES)')).join(' ')).toMatch(/MESSAGES 1/);
    expect(await refused('eve@acme.test', 'pw-eve')).toMatch(/AUTHENTICATIONFAILED/);
    await renamed.logout();

    await push(
      snapshot([
        account('eve2', { id: 'id-eve', settings: null, deleted: { mailbox: 'archive', archiveFolder: 'left' } }),
      ]),
    );
    expect(existsSync(home)).toBe(false);
    expect(existsSync(join(cluster.mailRoot, '_archive', 'left', 'acme.test', 'id-eve', 'Maildir'))).toBe(true);

    const f = await eventually(() => imap('fay@acme.test', 'pw-fay'));
    await f.logout();
    const fayHome = join(cluster.mailRoot, 'acme.test', 'id-fay');
    expect(existsSync(fayHome)).toBe(true);
    await push(snapshot([account('fay', { settings: null, deleted: { mailbox: 'remove' } })]));
    expect(existsSync(fayHome)).toBe(false);
    expect(await refused('fay@acme.test', 'pw-fay')).toMatch(/AUTHENTICATIONFAILED/);
  });

  it('an agent whose passwd-files are gone reports revision 0, so the console sends everything again', async () => {
    const dataDir = await tempDir();
    const usersDir = await tempDir();
    // b2's Dovecot, but its own users dir and no director (so it moves nothing in the real cluster).
    const flags = agentArgs(cluster, node('b2'))
      .filter((f) => !f.startsWith('--director-doveadm-url=') && !f.startsWith('--dovecot-users-dir='))
      .concat(`--dovecot-users-dir=${usersDir}`, '--role=backend', '--name=dc-spare');
    const first = await startAgentFromFlags(flags, dataDir);
    const s = snapshot([account('ann')], { accountsReset: true });
    await client(first).applyConfig(s);
    await first.close();
    const again = await startAgentFromFlags(flags, dataDir);
    expect((await client(again).status()).config?.revision).toBe(s.revision);
    await again.close();
    await rm(join(usersDir, 'acme.test'));
    const fresh = await startAgentFromFlags(flags, dataDir);
    expect((await client(fresh).status()).config?.revision).toBe(0);
    await client(fresh).applyConfig(s);
    expect(await readFile(join(usersDir, 'acme.test'), 'utf8')).toContain('ann:');
    await fresh.close();
  });

  it('a generated configuration Dovecot refuses keeps the previous files and is reported for that revision', async () => {
    const b1 = agents.find((a) => a.name === 'dc-b1')!;
    const conf = node('b1').clusterConf!;
    const before = await readFile(conf, 'utf8');
    const usersBefore = await readFile(join(node('b1').usersDir!, 'acme.test'), 'utf8');
    // Something else broke the node's configuration: doveconf refuses it now.
    await writeFile(node('b1').readinessConf, 'this is not = { valid\n');
    const applied = (await client(b1).status()).config!.revision;
    const bad = snapshot([account('gus')], { defaults: { domain: {}, account: { mailboxQuotaMB: 77 }, prefs: {} } });
    const err = await client(b1)
      .applyConfig(bad)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 500, code: 'apply-failed' });
    expect(String((err as Error).message)).toMatch(/refused the generated configuration/);
    expect(await readFile(conf, 'utf8')).toBe(before);
    expect(await readFile(join(node('b1').usersDir!, 'acme.test'), 'utf8')).toBe(usersBefore);
    expect((await client(b1).status()).config).toMatchObject({
      revision: applied,
      lastError: { revision: bad.revision, message: expect.stringMatching(/doveconf|configuration/) },
    });
    await writeFile(node('b1').readinessConf, '');
    expect(await client(b1).applyConfig(bad)).toEqual({ revision: bad.revision, changed: true });
    expect(await readFile(conf, 'utf8')).toMatch(/storage=77M/);
    expect((await client(b1).status()).config).not.toHaveProperty('lastError');
  });
});
