import { describe, expect, it } from 'vitest';
import { normalizeAdminUrl, validateAdminUrl, validateNodeAdminUrl } from './admin-url';

describe('validateAdminUrl', () => {
  it.each([
    'http://127.0.0.1:4001',
    'https://node1.example.com',
    'http://[::1]:4001/',
    'https://proxy.example.com/node1/',
  ])('accepts %s', (url) => expect(validateAdminUrl(url)).toBeNull());

  it.each([
    ['', /Enter the node admin URL/],
    ['127.0.0.1:4001', /start with http:\/\/ or https:\/\/, e.g. http:\/\/127.0.0.1:4001/],
    ['not a url', /http:\/\/ or https:\/\//],
    ['http://', /not a valid URL/],
    ['http://bad host:4001', /not a valid URL/],
    ['ftp://node1:21', /http:\/\/ or https:\/\//],
    ['http://admin:secret@node1:4001', /user name or password/],
    ['http://node1:4001/?x=1', /query string/],
    ['http://node1:4001/?', /query string/],
    ['http://node1:4001/#top', /fragment/],
    ['http://node1:0', /port 0/],
  ])('rejects %j', (url, message) => {
    expect(validateAdminUrl(url)).toMatch(message);
  });
});

describe('normalizeAdminUrl', () => {
  it('strips trailing slashes and whitespace, keeps a path prefix', () => {
    expect(normalizeAdminUrl(' http://127.0.0.1:4001/ ')).toBe('http://127.0.0.1:4001');
    expect(normalizeAdminUrl('https://Proxy.Example.com/node1//')).toBe('https://proxy.example.com/node1');
  });

  it('throws the validation message for bad URLs', () => {
    expect(() => normalizeAdminUrl('ftp://x')).toThrow(/http:\/\/ or https:\/\//);
  });
});

describe('validateNodeAdminUrl', () => {
  it.each(['http://127.0.0.1:4001', 'https://node1.example.com/', 'http://[::1]:4001', 'http://node1:8010'])(
    'accepts %s',
    (url) => expect(validateNodeAdminUrl(url)).toBeNull(),
  );

  it.each([
    ['http://2130706433:8010', /numeric/],
    ['http://0x7f000001:8010', /numeric/],
    ['http://0x7f.1:8010', /numeric/],
    ['http://127.1:8010', /numeric/],
    ['http://010.0.0.1:8010', /numeric/],
    ['http://admin:secret@node1:4001', /user name or password/],
    ['http://node1:4001/admin', /path/],
    ['http://node1:4001//', /path/],
    ['http://node1:4001/?', /query string/],
    ['http://node1:4001/#x', /fragment/],
    ['http://node1:99999', /not a valid URL|1-65535/],
    ['file:///etc/passwd', /http:\/\/ or https:\/\//],
  ])('refuses %j', (url, message) => expect(validateNodeAdminUrl(url)).toMatch(message));
});
