import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigDefaults, ConfigDomain } from '@cc/node-api';
import { describe, expect, it } from 'vitest';
import type { StoredAccount } from '../../config-store';
import { tempDir } from '../../test-helpers';
import { writeAtomic } from './atomic-file';
import { NO_PASSWORD, renderMailUsers, resolveSettings, sessionsToEnd } from './mail-users';

const defaults: ConfigDefaults = { domain: { maxMessageSizeKB: 10_240 }, account: { mailboxQuotaMB: 500 }, prefs: {} };
const acct = (address: string, patch: Partial<StoredAccount> = {}): [string, StoredAccount] => [
  address.toLowerCase(),
  { address, settings: {}, enabled: true, passwordHash: '{BLF-CRYPT}$2b$10$x', ...patch },
];

describe('passwd-files from a revision', () => {
  it('one file per shared domain, with resolved quota, size, disabled and protocol lists', () => {
    const accounts = new Map([
      acct('Ann@Example.com', { id: 'a1', settings: { mailboxQuotaMB: 5 } }),
      acct('bob@example.com', { id: 'b1', enabled: false, passwordHash: null }),
      acct('cy@other.test', { settings: { imapEnabled: false } }),
      acct('bad name@example.com'),
      acct('x@unknown.test'),
    ]);
    const domains: ConfigDomain[] = [
      { name: 'example.com', settings: { maxMessageSizeKB: 2048 } },
      { name: 'other.test', settings: {} },
      { name: 'empty.test', settings: {} },
    ];
    const out = renderMailUsers(accounts, domains, defaults, '/srv/mail');
    expect(out.domains.get('example.com')).toBe(
      'ann:{BLF-CRYPT}$2b$10$x::::/srv/mail/example.com/a1::userdb_quota_rule=*:storage=5M userdb_quota_max_mail_size=2112k\n' +
        `bob:${NO_PASSWORD}::::/srv/mail/example.com/b1::userdb_quota_rule=*:storage=500M userdb_quota_max_mail_size=2112k nologin reason=Disabled\n`,
    );
    expect(out.domains.get('other.test')).toContain('cy:{BLF-CRYPT}$2b$10$x::::/srv/mail/other.test/cy::');
    expect(out.domains.get('empty.test')).toBe('');
    expect(out.deny).toEqual({ imap: 'cy@other.test\n', pop3: '' });
    expect(out.skipped.sort()).toEqual(['bad name@example.com', 'x@unknown.test']);
    // A revision that changed one account renders that account's domain only.
    const one = renderMailUsers(accounts, domains, defaults, '/srv/mail', new Set(['other.test']));
    expect([...one.domains.keys()]).toEqual(['other.test']);
    expect(one.domains.get('other.test')).toBe(out.domains.get('other.test'));
    expect([...one.denyByDomain.keys()]).toEqual(['other.test']);
  });

  it('resolves account, then domain, then cluster, then built-in values', () => {
    expect(resolveSettings({}, {}, { domain: {}, account: {}, prefs: {} })).toEqual({
      quotaMb: 1024,
      maxMessageKb: 20_480,
      imap: true,
      pop3: true,
    });
    expect(resolveSettings({ pop3Enabled: false }, { maxMessageSizeKB: 99 }, defaults)).toEqual({
      quotaMb: 500,
      maxMessageKb: 99,
      imap: true,
      pop3: false,
    });
  });

  it('ends the sessions of accounts deleted, renamed away or disabled, not of the others', () => {
    const before = new Map([
      acct('a@x.test'),
      acct('b@x.test'),
      acct('c@x.test'),
      acct('d@x.test', { enabled: false }),
    ]);
    const after = new Map([acct('a@x.test'), acct('c@x.test', { enabled: false })]);
    expect(sessionsToEnd(before, after)).toEqual(['b@x.test', 'c@x.test']);
  });
});

describe('writeAtomic', () => {
  it("bumps the mtime past the replaced file's second, so Dovecot re-reads a same-size file", async () => {
    const file = join(await tempDir(), 'example.com');
    await writeAtomic(file, 'a:{PLAIN}1\n', { bumpMtime: true });
    const { mtimeMs: first } = await import('node:fs/promises').then((fs) => fs.stat(file));
    await writeAtomic(file, 'a:{PLAIN}2\n', { bumpMtime: true });
    const { mtimeMs: second } = await import('node:fs/promises').then((fs) => fs.stat(file));
    expect(Math.floor(second / 1000)).toBeGreaterThan(Math.floor(first / 1000));
  });

  it('an agent killed mid-write leaves the old file or the new one, never part of one', async () => {
    const dir = await tempDir();
    const file = join(dir, 'big.test');
    const line = (n: number) => `u${n}:{PLAIN}x::::/m/${n}::\n`;
    const version = (v: number) => `${Array.from({ length: 200_000 }, (_, i) => line(i)).join('')}#end ${v}\n`;
    await writeAtomic(file, version(0));
    const script = join(dir, 'writer.mjs');
    await writeFile(
      script,
      `import { writeAtomic } from ${JSON.stringify(join(import.meta.dirname, 'atomic-file.ts'))};
      const line = ${line.toString()};
      for (let v = 1; ; v++) {
        await writeAtomic(${JSON.stringify(file)}, Array.from({ length: 200000 }, (_, i) => line(i)).join('') + '#end ' + v + '\\n');
        process.stdout.write('w');
      }`,
    );
    for (let round = 0; round < 4; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      // After its first whole write, kill it at some point of a later one.
      await new Promise((r) => child.stdout.once('data', r));
      await new Promise((r) => setTimeout(r, 10 + round * 37));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const text = await readFile(file, 'utf8');
      expect(text).toMatch(/#end \d+\n$/);
      expect(text.length).toBe(version(Number(/#end (\d+)/.exec(text)![1])).length);
    }
    expect(Number(/#end (\d+)/.exec(await readFile(file, 'utf8'))![1])).toBeGreaterThan(0);
    // Only the temp files a killed writer left; the next write removes them (removeLeftovers).
    expect((await readdir(dir)).filter((n) => !n.startsWith('.tmp.')).sort()).toEqual(['big.test', 'writer.mjs']);
  });
});
