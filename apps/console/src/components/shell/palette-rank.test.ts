import { describe, expect, it } from 'vitest';

import { matchScore, rankPalette, type PaletteItem } from './palette-rank';

const page = (label: string, href: string, keywords?: string[]): PaletteItem => ({
  kind: 'page',
  label,
  href,
  keywords,
});
const node = (label: string): PaletteItem => ({ kind: 'node', label, href: `/nodes/${label}` });
const labels = (items: PaletteItem[]) => items.map((i) => i.label);

describe('matchScore', () => {
  it('orders exact, prefix, word start, substring, then keywords', () => {
    expect(matchScore('nodes', 'Nodes')).toBe(0);
    expect(matchScore('no', 'Nodes')).toBe(1);
    expect(matchScore('log', 'Audit log')).toBe(2);
    expect(matchScore('dit', 'Audit log')).toBe(3);
    expect(matchScore('serv', 'Nodes', ['servers'])).toBe(4);
    expect(matchScore('rver', 'Nodes', ['servers'])).toBe(5);
    expect(matchScore('zzz', 'Nodes', ['servers'])).toBeNull();
  });
});

describe('rankPalette', () => {
  it('puts the exact name first, then prefixes before substrings', () => {
    const items = [node('be-alpha'), node('alpha'), node('alpha-2'), page('Sizing', '/sizing')];
    expect(labels(rankPalette('alpha', items))).toEqual(['alpha', 'alpha-2', 'be-alpha']);
  });

  it('puts pages before entities when they match equally well', () => {
    const items = [
      node('users-db'),
      page('Users', '/users'),
      { kind: 'domain', label: 'users.example', href: '/domains/users.example' } as const,
    ];
    expect(labels(rankPalette('us', items))).toEqual(['Users', 'users-db', 'users.example']);
  });

  it('sorts equals naturally (node2 before node10) and honours the limit', () => {
    const items = [node('node10'), node('node2'), node('node1')];
    expect(labels(rankPalette('node', items))).toEqual(['node1', 'node2', 'node10']);
    expect(rankPalette('node', items, 2)).toHaveLength(2);
  });

  it('matches keywords after labels and drops duplicates of the same place', () => {
    const items = [page('Your account', '/account', ['password']), page('Nodes', '/nodes'), page('Nodes', '/nodes')];
    expect(labels(rankPalette('pass', items))).toEqual(['Your account']);
    expect(labels(rankPalette('nod', items))).toEqual(['Nodes']);
  });

  it('lists everything on an empty query, pages first', () => {
    expect(labels(rankPalette('', [node('a'), page('Nodes', '/nodes')]))).toEqual(['Nodes', 'a']);
  });
});
