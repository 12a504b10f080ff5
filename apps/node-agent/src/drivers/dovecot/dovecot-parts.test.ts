// The Dovecot driver's pure parts: session rows to counts, the listener
// override file, and the settings the factory refuses.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDovecotDriver } from '.';
import { CLOSED_LISTENERS, listenersClosed, setListenersClosed } from './listener-switch';
import { countSessions, exactAccount, sessionsByAccount } from './sessions';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('session rows', () => {
  const rows = [
    { username: 'Alice@example.com', service: 'imap' },
    { username: 'alice@example.com', service: 'pop3' },
    { username: 'bob@example.com', service: 'submission' },
    { username: 'bob@example.com', service: 'managesieve' },
  ];

  it('count per protocol, leaving out services the node API has no protocol for', () => {
    expect(countSessions(rows)).toEqual({ imap: 1, pop: 1, smtp: 1, http: 0 });
  });

  it('group per account case-insensitively, only for the accounts asked about', () => {
    const by = sessionsByAccount(rows, ['ALICE@example.com', 'carol@example.com']);
    expect([...by.entries()]).toEqual([['alice@example.com', { imap: 1, pop: 1, smtp: 0, http: 0 }]]);
  });

  it('refuse wildcards, which doveadm masks would match against other accounts', () => {
    expect(() => exactAccount('*@example.com')).toThrow(/single account/);
    expect(exactAccount('a@example.com')).toBe('a@example.com');
  });
});

describe('listener override file', () => {
  it('closes every IMAP and POP3 listener, reads back as closed, and empties again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cc-dovecot-parts-'));
    dirs.push(dir);
    const file = join(dir, 'readiness.conf');
    expect(await listenersClosed(file)).toBe(false); // missing = open
    await setListenersClosed(file, true);
    expect(await readFile(file, 'utf8')).toBe(CLOSED_LISTENERS);
    for (const name of ['imap', 'imaps', 'pop3', 'pop3s'])
      expect(CLOSED_LISTENERS).toContain(`inet_listener ${name} {`);
    expect(await listenersClosed(file)).toBe(true);
    await setListenersClosed(file, false);
    expect(await readFile(file, 'utf8')).toBe('');
    expect(await listenersClosed(file)).toBe(false);
  });
});

describe('createDovecotDriver', () => {
  const ctx = { name: 'n', role: 'backend' as const, softwareVersion: '1', dataDir: '/nonexistent', host: '127.0.0.1' };

  it('needs the doveadm URL and key, as valid URLs', () => {
    expect(() => createDovecotDriver(ctx)).toThrow(/--doveadm-url/);
    expect(() =>
      createDovecotDriver({ ...ctx, dovecot: { doveadmUrl: 'http://127.0.0.1:1', doveadmKey: '' } }),
    ).toThrow(/--doveadm-key/);
    expect(() => createDovecotDriver({ ...ctx, dovecot: { doveadmUrl: '127.0.0.1:8080', doveadmKey: 'k' } })).toThrow(
      /--doveadm-url: .*http:\/\//,
    );
  });

  it('refuses role-specific settings on the wrong role', () => {
    const base = { doveadmUrl: 'http://127.0.0.1:1', doveadmKey: 'k' };
    expect(() => createDovecotDriver({ ...ctx, dovecot: { ...base, readinessConf: '/x' } })).toThrow(/frontends/);
    expect(() =>
      createDovecotDriver({ ...ctx, role: 'frontend', dovecot: { ...base, mailHost: '127.0.0.11' } }),
    ).toThrow(/backends/);
  });

  it('reports what a backend without a director cannot do, and why', () => {
    const d = createDovecotDriver({ ...ctx, dovecot: { doveadmUrl: 'http://127.0.0.1:1', doveadmKey: 'k' } });
    const features = d.unsupported().map((u) => u.feature);
    expect(features).toEqual(['session-counters', 'alerts', 'cluster-election', 'readiness', 'drain', 'accounts']);
    expect(d.unsupported().find((u) => u.feature === 'readiness')?.reason).toMatch(/--director-doveadm-url/);
    expect(d.unsupported().find((u) => u.feature === 'accounts')?.reason).toMatch(/--dovecot-users-dir/);
    expect(d.capabilities()).not.toContain('drain');
  });

  it('takes accounts only on backends, with a users dir and a mail root that fit in passwd-file lines', () => {
    const base = { doveadmUrl: 'http://127.0.0.1:1', doveadmKey: 'k' };
    const make = (role: 'frontend' | 'backend', extra: object) =>
      createDovecotDriver({ ...ctx, role, dovecot: { ...base, ...extra } });
    expect(make('backend', { usersDir: '/etc/dovecot/users', mailRoot: '/srv/mail' }).capabilities()).toContain(
      'accounts',
    );
    expect(() => make('frontend', { usersDir: '/u', mailRoot: '/m' })).toThrow(/are for backends/);
    expect(() => make('backend', { usersDir: '/u' })).toThrow(/go together/);
    expect(() => make('backend', { usersDir: '/u', mailRoot: '/srv/a:b' })).toThrow(/absolute path without ":"/);
    expect(() => make('backend', { usersDir: 'relative', mailRoot: '/m' })).toThrow(/absolute path/);
  });
});
