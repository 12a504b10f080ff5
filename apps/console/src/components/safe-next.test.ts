import { describe, expect, it } from 'vitest';

import { safeNextPath } from './safe-next';

describe('safeNextPath', () => {
  it.each([
    '//evil.example/x',
    '/\\evil.example/x',
    '\\\\evil.example/x',
    '\\/evil.example/x',
    '/\t/evil.example/x',
    '/\n/evil.example',
    '\t//evil.example',
    ' //evil.example',
    '/\\\\evil.example',
    '/.//evil.example/x',
    '/..//evil.example/x',
    '///evil.example',
    'https://evil.example/x',
    'HTTP://evil.example',
    '//evil.example@localhost',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '',
  ])('refuses %j', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });

  it.each([
    ['/users', '/users'],
    ['/nodes/abc?tab=load#top', '/nodes/abc?tab=load#top'],
    ['/domains/a%2Fb', '/domains/a%2Fb'],
    // Encoded slashes and backslashes stay part of one path segment: no host in them.
    ['/%5Cevil.example/x', '/%5Cevil.example/x'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/a/../account', '/account'],
    // Relative references resolve on this origin, as the browser would resolve them.
    ['evil.example', '/evil.example'],
    ['http:evil.example', '/evil.example'],
  ])('keeps %j as %j', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it('takes the first of repeated parameters, and anything else falls back', () => {
    expect(safeNextPath(['/users', '//evil.example'])).toBe('/users');
    expect(safeNextPath(undefined, '/account')).toBe('/account');
    expect(safeNextPath({ toString: () => '/users' })).toBe('/');
  });
});
