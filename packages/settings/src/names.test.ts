import { describe, expect, it } from 'vitest';
import { addressError, domainNameError, emailError, localPartError, normalizeDomainName, splitAddress } from './names';

describe('domain names', () => {
  it.each(['example.com', 'mail.example.co.uk', 'xn--bcher-kva.example', 'a-b.c1', '1.example.org'])(
    'accepts %s',
    (n) => expect(domainNameError(n)).toBeNull(),
  );
  it.each([
    ['', /Enter a domain/],
    ['localhost', /fully qualified/],
    ['user@example.com', /without "@"/],
    ['exa mple.com', /only letters, digits/],
    ['-example.com', /inner hyphens/],
    ['example-.com', /inner hyphens/],
    ['example..com', /empty label/],
    ['10.0.0.1', /all digits/],
    [`${'a'.repeat(64)}.com`, /longer than 63/],
    [`${'abcdefghi.'.repeat(26)}com`, /at most 253/],
  ])('refuses %j', (n, why) => expect(domainNameError(n)).toMatch(why));
  it('normalizes case and a trailing dot', () => expect(normalizeDomainName(' Example.COM. ')).toBe('example.com'));
});

describe('account names', () => {
  it.each(['alice', 'a.b', "o'brien", 'x+tag', 'postmaster', '1'])('accepts %s', (n) =>
    expect(localPartError(n)).toBeNull(),
  );
  it.each([
    ['', /Enter an account/],
    ['.alice', /start or end/],
    ['alice.', /start or end/],
    ['a..b', /two dots/],
    ['a b', /letters, digits/],
    ['"quoted"', /letters, digits/],
    ['a@b', /before the "@"/],
    ['a'.repeat(65), /at most 64/],
  ])('refuses %j', (n, why) => expect(localPartError(n)).toMatch(why));
  it('limits the whole address to 254 characters', () => {
    expect(addressError('a'.repeat(64), 'b'.repeat(189))).toBeNull();
    expect(addressError('a'.repeat(64), 'b'.repeat(190))).toMatch(/255 characters/);
  });
  it('splits and checks addresses', () => {
    expect(splitAddress('Bob@Example.com')).toEqual({ localPart: 'bob', domain: 'example.com' });
    expect(splitAddress('nobody')).toBeNull();
    expect(emailError('postmaster@example.com')).toBeNull();
    expect(emailError('postmaster')).toMatch(/such as/);
  });
});
