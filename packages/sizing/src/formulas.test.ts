import { describe, expect, it } from 'vitest';

import { SESSION_WEIGHTS } from './assumptions';
import {
  controllerChannels,
  dynamicSymmetricConnections,
  grow,
  growthFactor,
  mixShare,
  sessionCost,
  staticSymmetricConnections,
} from './formulas';

describe('Controller PWD channels (CGP: 5 × backends + 3 × frontends)', () => {
  it('works the examples', () => {
    // The demo cluster: 3 backends, 2 frontends.
    expect(controllerChannels(3, 2)).toEqual({ recommended: 21, minimum: 10 });
    expect(controllerChannels(4, 10)).toEqual({ recommended: 50, minimum: 28 });
    expect(controllerChannels(1, 0)).toEqual({ recommended: 5, minimum: 2 });
  });
});

describe('inter-server connections (CGP 002)', () => {
  it('symmetric Static Cluster: M·(N−1)/N', () => {
    // 10,000 user connections over 4 servers: three in four land on a server that does not host the account.
    expect(staticSymmetricConnections(10_000, 4)).toBe(7500);
    expect(staticSymmetricConnections(9000, 3)).toBe(6000);
    expect(staticSymmetricConnections(10_000, 1)).toBe(0);
    expect(staticSymmetricConnections(10_000, 0)).toBe(0);
  });

  it('symmetric Dynamic Cluster: M·(N−1)/N · A/T', () => {
    // A/T = 1,000 / 100,000 = 1:100, CGP's upper figure for large sites.
    expect(dynamicSymmetricConnections(10_000, 4, 1000, 100_000)).toBeCloseTo(75, 10);
    expect(dynamicSymmetricConnections(9000, 3, 500, 50_000)).toBeCloseTo(60, 10);
    expect(dynamicSymmetricConnections(10_000, 4, 0, 0)).toBe(0);
  });

  it('a dynamic cluster needs far fewer than a static one', () => {
    expect(dynamicSymmetricConnections(10_000, 4, 1000, 100_000)).toBeLessThan(staticSymmetricConnections(10_000, 4));
  });
});

describe('growth', () => {
  it('compounds yearly and rounds up to whole units', () => {
    expect(growthFactor(10, 2)).toBeCloseTo(1.21, 12);
    expect(grow(1000, 10, 2)).toBe(1210);
    expect(grow(20_000, 10, 3)).toBe(26_620);
    expect(grow(999, 50, 1)).toBe(1499);
    expect(grow(5000, 0, 5)).toBe(5000);
    expect(grow(5000, 25, 0)).toBe(5000);
  });
});

describe('session mix', () => {
  const mix = { imap: 55, pop: 5, webUser: 25, smtp: 15 };

  it('gives the share of the chosen protocols', () => {
    expect(mixShare(mix, ['imap', 'pop', 'webUser'])).toBeCloseTo(0.85, 12);
    expect(mixShare(mix, ['smtp'])).toBeCloseTo(0.15, 12);
  });

  it('weights an average session by protocol cost', () => {
    expect(sessionCost({ imap: 100, pop: 0, webUser: 0, smtp: 0 })).toBe(1);
    expect(sessionCost({ imap: 0, pop: 0, webUser: 0, smtp: 100 })).toBe(SESSION_WEIGHTS.smtp);
    expect(sessionCost(mix)).toBeCloseTo(0.55 + 0.05 + 0.375 + 0.3, 12);
    // Access sessions only: SMTP drops out and the rest is renormalised.
    expect(sessionCost(mix, ['imap', 'pop', 'webUser'])).toBeCloseTo(0.975 / 0.85, 12);
    expect(sessionCost({ imap: 0, pop: 0, webUser: 0, smtp: 100 }, ['imap'])).toBe(1);
  });
});
