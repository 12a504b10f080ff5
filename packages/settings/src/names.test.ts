import { describe, expect, it } from 'vitest';
import {
  addressError,
  archiveFolderError,
  domainNameError,
  emailError,
  localPartError,
  newLocalPartError,
  normalizeDomainName,
  splitAddress,
} from './names';

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

describe('new account names: only what Dovecot passwd-files and Postfix maps take as is', () => {
  it.each(['alice', 'a.b', 'first.last', 'x-y', 'x_y', '1', '007bond', 'a'.repeat(64)])('accepts %s', (n) =>
    expect(newLocalPartError(n)).toBeNull(),
  );
  it.each([
    ['', /Enter an account/],
    ['a@b', /before the "@"/],
    ['a'.repeat(65), /at most 64/],
    ['"quoted"', /Quoted/],
    ['"a b"', /Quoted/],
    ['a\\b', /Quoted/],
    ['jürgen', /ASCII/],
    ['пользователь', /ASCII/],
    ['a\u00a0b', /ASCII/],
    ['a:b', /":" cannot be used/],
    ['a\nb', /line breaks/],
    ['a\rb', /line breaks/],
    ['a\u0000b', /control characters/],
    ['a\tb', /control characters/],
    ['a b', /spaces/],
    ['a#b', /"#" cannot be used/],
    ['a,b', /"," cannot be used/],
    ['a=b', /"=" cannot be used/],
    ['a|b', /"\|" cannot be used/],
    ['a/b', /"\/" cannot be used/],
    ['a%b', /"%" cannot be used/],
    ['a!b', /"!" cannot be used/],
    ["o'brien", /"'" cannot be used/],
    ['x+tag', /"\+"/],
    ['.alice', /start or end with a dot/],
    ['alice.', /start or end with a dot/],
    ['a..b', /two dots/],
    ['-rf', /start with a letter or a digit/],
    ['_x', /start with a letter or a digit/],
  ])('refuses %j', (n, why) => expect(newLocalPartError(n)).toMatch(why));

  it('still finds accounts named under the older, looser rule', () => {
    expect(localPartError("o'brien")).toBeNull();
    expect(localPartError('x+tag')).toBeNull();
  });

  it('refuses non-ASCII and control characters in domain names with a reason', () => {
    expect(domainNameError('bücher.example')).toMatch(/ASCII form \(xn--/);
    expect(domainNameError('a\nb.example')).toMatch(/control characters/);
    expect(domainNameError('a:b.example')).toMatch(/only letters, digits/);
  });
});

describe('archive folder names', () => {
  it.each(['Archive', 'old-mail_2024', 'a.b'])('accepts %s', (n) => expect(archiveFolderError(n)).toBeNull());
  it.each([
    ['', /Enter a folder/],
    ['.', /start with a dot/],
    ['..', /start with a dot/],
    ['.hidden', /start with a dot/],
    ['a/b', /one folder/],
    ['../etc', /one folder/],
    ['a b', /one folder/],
    ['ä', /one folder/],
    ['x'.repeat(65), /at most 64/],
  ])('refuses %j', (n, why) => expect(archiveFolderError(n)).toMatch(why));
});
