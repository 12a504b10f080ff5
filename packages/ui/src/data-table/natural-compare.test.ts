import { describe, expect, it } from 'vitest';

import { naturalCompare } from './natural-compare';

describe('naturalCompare', () => {
  it('orders digit runs by value, not as text', () => {
    const names = ['user100', 'user10', 'user2', 'user1', 'user20'];
    expect(names.sort(naturalCompare)).toEqual(['user1', 'user2', 'user10', 'user20', 'user100']);
  });

  it('compares several number runs and ignores case for letters', () => {
    const names = ['node-b2', 'Node-a10', 'node-a9', 'node-a10.2', 'node-a10.10'];
    expect(names.sort(naturalCompare)).toEqual(['node-a9', 'Node-a10', 'node-a10.2', 'node-a10.10', 'node-b2']);
  });

  it('gives names that differ only in case one fixed order', () => {
    expect(naturalCompare('User1', 'user1')).toBe(-naturalCompare('user1', 'User1'));
    expect(naturalCompare('user1', 'user1')).toBe(0);
  });

  it('puts a shorter prefix first', () => {
    expect(['mail10', 'mail', 'mail1'].sort(naturalCompare)).toEqual(['mail', 'mail1', 'mail10']);
  });
});
