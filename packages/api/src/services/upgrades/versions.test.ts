import { describe, expect, it } from 'vitest';

import { compareVersions, isVersion } from './versions';

describe('compareVersions', () => {
  it('orders by major, minor and patch numerically', () => {
    const sorted = ['1.10.0', '1.2.0', '2.0.0', '1.2.10', '1.2.9'].sort(compareVersions);
    expect(sorted).toEqual(['1.2.0', '1.2.9', '1.2.10', '1.10.0', '2.0.0']);
  });

  it('puts pre-releases before their release, in semver order', () => {
    const sorted = ['2.0.0', '2.0.0-rc.1', '2.0.0-beta.11', '2.0.0-beta.2', '2.0.0-alpha'].sort(compareVersions);
    expect(sorted).toEqual(['2.0.0-alpha', '2.0.0-beta.2', '2.0.0-beta.11', '2.0.0-rc.1', '2.0.0']);
  });

  it('ignores build metadata', () => {
    expect(compareVersions('1.0.0+build.5', '1.0.0')).toBe(0);
  });

  it('recognises versions', () => {
    expect(isVersion('1.2.3')).toBe(true);
    expect(isVersion('1.2')).toBe(false);
    expect(isVersion('v1.2.3')).toBe(false);
  });
});
