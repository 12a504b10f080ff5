import { describe, expect, it } from 'vitest';

import { auditDiff } from './diff';

describe('auditDiff', () => {
  it('lines up leaf keys and says what changed', () => {
    expect(
      auditDiff({ a: 1, b: { c: 'x', d: [1, 2] }, gone: true }, { a: 1, b: { c: 'y', d: [1, 2] }, e: null }),
    ).toEqual([
      { path: 'a', before: 1, after: 1, change: 'same' },
      { path: 'b.c', before: 'x', after: 'y', change: 'changed' },
      { path: 'b.d', before: [1, 2], after: [1, 2], change: 'same' },
      { path: 'e', before: undefined, after: null, change: 'added' },
      { path: 'gone', before: true, after: undefined, change: 'removed' },
    ]);
  });

  it('lines stored settings up under `settings` when the after side is { settings, revision }', () => {
    expect(auditDiff({ theme: 'dark', language: 'fr' }, { settings: { language: 'fr' }, revision: '4' })).toEqual([
      { path: 'revision', before: undefined, after: '4', change: 'added' },
      { path: 'settings.language', before: 'fr', after: 'fr', change: 'same' },
      { path: 'settings.theme', before: 'dark', after: undefined, change: 'removed' },
    ]);
    // Every override removed: the emptied object is not a row of its own.
    expect(auditDiff({ theme: 'dark' }, { settings: {}, revision: '5' }).map((d) => d.path)).toEqual([
      'revision',
      'settings.theme',
    ]);
  });

  it('handles missing sides and plain values', () => {
    expect(auditDiff(null, { x: 1 })).toEqual([{ path: 'x', before: undefined, after: 1, change: 'added' }]);
    expect(auditDiff(undefined, undefined)).toEqual([]);
    expect(auditDiff('a', 'b')).toEqual([{ path: '', before: 'a', after: 'b', change: 'changed' }]);
  });
});
