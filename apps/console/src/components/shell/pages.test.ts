import { describe, expect, it } from 'vitest';

import { isCurrent, navPagesFor, pagesFor } from './pages';

const hrefs = (role: string) => pagesFor(role).map((p) => p.href);

describe('pagesFor', () => {
  it('gives a domain administrator no cluster pages', () => {
    const pages = hrefs('DOMAIN_ADMIN');
    for (const cluster of ['/nodes', '/ports', '/sizing', '/upgrades', '/upgrades/new', '/settings', '/users']) {
      expect(pages).not.toContain(cluster);
    }
    expect(pages).toEqual(expect.arrayContaining(['/domains', '/alerts', '/audit', '/account']));
  });

  it('gives an auditor every page to read and no actions', () => {
    const pages = pagesFor('AUDITOR');
    expect(pages.filter((p) => p.action)).toEqual([]);
    expect(pages.map((p) => p.href)).toEqual(expect.arrayContaining(['/nodes', '/settings', '/users', '/audit']));
    expect(pagesFor('CLUSTER_OPERATOR').some((p) => p.href === '/upgrades/new')).toBe(true);
  });

  it('gives an unknown role only what needs no scope', () => {
    expect(hrefs('NOBODY')).toEqual(['/', '/account']);
    expect(navPagesFor('NOBODY')).toEqual([]);
  });
});

describe('isCurrent', () => {
  it('marks a section current on its sub-pages, and home only on itself', () => {
    expect(isCurrent('/nodes', '/nodes/abc')).toBe(true);
    expect(isCurrent('/nodes', '/nodesx')).toBe(false);
    expect(isCurrent('/', '/nodes')).toBe(false);
    expect(isCurrent('/', '/')).toBe(true);
  });
});
