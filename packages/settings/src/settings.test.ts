import { describe, expect, it } from 'vitest';
import { DRIVERS, SETTINGS, SETTINGS_BY_KEY, builtInDefaults, driverKind, notEnforcedOn } from './definitions';
import { applyChanges, diffSettings, effectiveSettings } from './effective';
import { validateChanges, valueError } from './validate';

const byKey = <T extends { key: string }>(list: T[], key: string): T => {
  const found = list.find((x) => x.key === key);
  if (!found) throw new Error(`no ${key}`);
  return found;
};

describe('definitions', () => {
  it('have unique keys and valid built-in defaults', () => {
    expect(SETTINGS_BY_KEY.size).toBe(SETTINGS.length);
    for (const def of SETTINGS) expect(valueError(def, def.default), def.key).toBeNull();
  });
  it('list built-in defaults per family', () => {
    expect(builtInDefaults('prefs')).toMatchObject({ language: 'en', timeZone: 'UTC' });
    expect(Object.keys(builtInDefaults('domain'))).not.toContain('language');
  });
});

describe('enforcement per driver', () => {
  it('every setting declares every driver', () => {
    for (const def of SETTINGS) {
      expect(Object.keys(def.enforcedBy).sort(), def.key).toEqual([...DRIVERS].sort());
      for (const d of DRIVERS) expect([true, false, null], `${def.key} on ${d}`).toContain(def.enforcedBy[d]);
    }
  });
  it('says truthfully what Dovecot and Postfix enforce', () => {
    const dovecot = SETTINGS.filter((d) => d.enforcedBy.dovecot === true).map((d) => d.key);
    expect(dovecot.sort()).toEqual(
      ['imapEnabled', 'mailboxQuotaMB', 'maxAccounts', 'maxMessageSizeKB', 'passwordMinLength', 'pop3Enabled'].sort(),
    );
    const postfix = SETTINGS.filter((d) => d.enforcedBy.postfix === true).map((d) => d.key);
    expect(postfix.sort()).toEqual(['maxAccounts', 'maxMessageSizeKB', 'passwordMinLength'].sort());
  });
  it('names the drivers present that do not enforce a setting', () => {
    const def = (key: string) => SETTINGS_BY_KEY.get(key)!;
    expect(notEnforcedOn(def('maxSessions'), ['simulated', 'dovecot'])).toEqual(['dovecot']);
    expect(notEnforcedOn(def('maxSessions'), ['simulated'])).toEqual([]);
    expect(notEnforcedOn(def('mailboxQuotaMB'), ['dovecot', 'postfix'])).toEqual([]);
    expect(notEnforcedOn(def('adminContact'), ['dovecot', 'postfix'])).toEqual(['dovecot', 'postfix']);
    expect(driverKind('dovecot')).toBe('dovecot');
    expect(driverKind('Postfix')).toBe('postfix');
    expect(driverKind('something-else')).toBeNull();
  });
});

describe('validateChanges', () => {
  it('accepts valid values and null resets', () => {
    const r = validateChanges({ mailboxQuotaMB: 2048, language: null }, { level: 'account', allSettings: true });
    expect(r).toEqual({ changes: { mailboxQuotaMB: 2048, language: null }, errors: {}, forbidden: [] });
  });
  it('reports every bad key at once, with a reason each', () => {
    const r = validateChanges(
      {
        nope: 1,
        mailboxQuotaMB: -1,
        imapEnabled: 'yes',
        language: 'xx',
        messagesPerPage: 10.5,
        timeZone: 'Mars/Base',
        maxAccounts: 5,
      },
      { level: 'account', allSettings: true },
    );
    expect(r.changes).toEqual({});
    expect(r.errors).toEqual({
      nope: 'Unknown setting "nope"',
      mailboxQuotaMB: 'Must be between 0 and 1048576 MB',
      imapEnabled: 'Expected on or off (true or false)',
      language: 'Must be one of: en, de, fr, es, it, ja, ru',
      messagesPerPage: 'Expected a whole number',
      timeZone: 'Unknown time zone; use an IANA name such as Europe/Berlin',
      maxAccounts: expect.stringMatching(/cannot be set here/),
    });
  });
  it('keeps cluster defaults to one family per save', () => {
    const r = validateChanges(
      { language: 'de', maxAccounts: 3 },
      { level: 'cluster', family: 'prefs', allSettings: true },
    );
    expect(r.changes).toEqual({ language: 'de' });
    expect(Object.keys(r.errors)).toEqual(['maxAccounts']);
  });
  it('refuses server-admin-only settings to domain administrators, as forbidden', () => {
    const r = validateChanges({ maxSessions: 5, language: 'fr' }, { level: 'domain', allSettings: false });
    expect(r.forbidden).toEqual(['maxSessions']);
    expect(r.errors.maxSessions).toMatch(/Only server administrators/);
    expect(r.changes).toEqual({ language: 'fr' });
  });
  it('checks e-mail formatted strings and control characters', () => {
    const def = byKey([...SETTINGS], 'adminContact');
    expect(valueError(def, '')).toBeNull();
    expect(valueError(def, 'help@example.com')).toBeNull();
    expect(valueError(def, 'help')).toMatch(/such as/);
    expect(valueError(def, 'a@b.com\nBcc: x')).toMatch(/Control characters/);
  });
});

describe('effectiveSettings', () => {
  const cluster = { account: { mailboxQuotaMB: 500 }, prefs: { language: 'de' } };

  it('resolves account, then domain, then cluster, then built-in', () => {
    const list = effectiveSettings('account', {
      cluster,
      domain: { mailboxQuotaMB: 800, theme: 'dark' },
      account: { theme: 'light' },
    });
    expect(byKey(list, 'theme')).toMatchObject({
      value: 'light',
      source: 'account',
      own: 'light',
      inherited: { value: 'dark', source: 'domain' },
    });
    expect(byKey(list, 'mailboxQuotaMB')).toMatchObject({
      value: 800,
      source: 'domain',
      inherited: { value: 800, source: 'domain' },
    });
    expect(byKey(list, 'mailboxQuotaMB').own).toBeUndefined();
    expect(byKey(list, 'language')).toMatchObject({ value: 'de', source: 'cluster' });
    expect(byKey(list, 'messagesPerPage')).toMatchObject({ value: 50, source: 'built-in' });
    expect(list.map((s) => s.family)).not.toContain('domain');
  });
  it('shows domain-level values and what they override', () => {
    const list = effectiveSettings('domain', { cluster, domain: { mailboxQuotaMB: 800 } });
    expect(byKey(list, 'mailboxQuotaMB')).toMatchObject({ own: 800, inherited: { value: 500, source: 'cluster' } });
    expect(byKey(list, 'maxAccounts')).toMatchObject({ value: 0, source: 'built-in' });
  });
  it('ignores stored values that no longer fit their definition', () => {
    const list = effectiveSettings('cluster', { cluster: { prefs: { language: 'klingon' } } });
    expect(byKey(list, 'language')).toMatchObject({ value: 'en', source: 'built-in' });
  });
});

describe('applyChanges / diffSettings', () => {
  it('sets and removes overrides and reports the difference', () => {
    const before = { a: 1, b: true };
    const after = applyChanges(before, { a: 2, b: null, c: 'x' });
    expect(after).toEqual({ a: 2, c: 'x' });
    expect(before).toEqual({ a: 1, b: true });
    expect(diffSettings(before, after)).toEqual([
      { key: 'a', before: 1, after: 2 },
      { key: 'b', before: true },
      { key: 'c', after: 'x' },
    ]);
  });
});
