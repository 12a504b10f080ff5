import { describe, expect, it } from 'vitest';
import { ZAccountChange, ZConfigSnapshot, ZStageAccountsRequest } from './config-schemas';

const base = { address: 'ann@example.com', settings: {}, enabled: true };
const hash = '{BLF-CRYPT}$2b$10$abcdefghijklmnopqrstuuJ2s6w0Zq0Gq7b8aQeN0b5r3yqg8zX9a';

describe('account changes for real mail servers', () => {
  it('still takes the fields simulated agents knew (everything new is optional)', () => {
    expect(ZAccountChange.parse(base)).toEqual(base);
  });

  it('carries an id, a Dovecot hash, a rename and a delete with its mailbox choice', () => {
    const change = { ...base, id: 'cm9abc_1', passwordHash: hash, renamedFrom: 'old@example.com' };
    expect(ZAccountChange.parse(change)).toEqual(change);
    expect(ZAccountChange.parse({ ...base, passwordHash: null }).passwordHash).toBeNull();
    const deleted = { ...base, settings: null, deleted: { mailbox: 'archive', archiveFolder: 'left-2026' } };
    expect(ZAccountChange.parse(deleted)).toEqual(deleted);
  });

  it.each([
    ['a hash without a scheme', { passwordHash: '$2b$10$abc' }],
    ['a hash with ":" (the passwd-file separator)', { passwordHash: '{PLAIN}a:b' }],
    ['a hash with a line break', { passwordHash: '{PLAIN}a\nb' }],
    ['an id with a slash', { id: '../x' }],
    ['archive without a folder', { settings: null, deleted: { mailbox: 'archive' } }],
    ['a folder that is a path', { settings: null, deleted: { mailbox: 'archive', archiveFolder: 'a/b' } }],
    ['a folder that is ".."', { settings: null, deleted: { mailbox: 'archive', archiveFolder: '..' } }],
    ['a folder with keep', { settings: null, deleted: { mailbox: 'keep', archiveFolder: 'x' } }],
  ])('refuses %s', (_, extra) => {
    expect(ZAccountChange.safeParse({ ...base, ...extra }).success).toBe(false);
  });

  it('stages pages of at most 5000 accounts and announces the count in the snapshot', () => {
    const page = { revision: 3, page: 0, accounts: [base], last: true };
    expect(ZStageAccountsRequest.parse(page)).toEqual(page);
    const many = Array.from({ length: 5001 }, () => base);
    expect(ZStageAccountsRequest.safeParse({ ...page, accounts: many }).success).toBe(false);
    const snapshot = {
      revision: 3,
      defaults: { domain: {}, account: {}, prefs: {} },
      domains: [],
      accounts: [],
      accountsReset: true,
      accountsStaged: 1,
    };
    expect(ZConfigSnapshot.parse(snapshot).accountsStaged).toBe(1);
  });
});
