import { describe, expect, it } from 'vitest';

import { drainProgress, runEta } from './eta';

const T = Date.parse('2026-12-01T10:00:00Z');
const at = (s: number) => new Date(T + s * 1000);
const done = (from: number, to: number) => ({ phase: 'done', startedAt: at(from), finishedAt: at(to) });
const pending = { phase: 'pending', startedAt: null, finishedAt: null };

describe('runEta', () => {
  it('estimates nothing before the first node finishes', () => {
    expect(runEta([{ phase: 'draining', startedAt: at(0), finishedAt: null }, pending], T + 5000)).toEqual({
      perNodeMs: null,
      remainingNodes: 2,
      remainingMs: null,
    });
  });

  it('averages the finished nodes, counts the pending ones whole and the current one by what is left', () => {
    const steps = [done(0, 40), done(40, 100), { phase: 'upgrading', startedAt: at(100), finishedAt: null }, pending];
    // 50 s a node: the current one started 20 s ago (30 s left), the pending one 50 s.
    expect(runEta(steps, T + 120_000)).toEqual({ perNodeMs: 50_000, remainingNodes: 2, remainingMs: 80_000 });
  });

  it('never counts a slow current node below zero, and ends at zero', () => {
    const slow = [done(0, 10), { phase: 'draining', startedAt: at(10), finishedAt: null }];
    expect(runEta(slow, T + 600_000).remainingMs).toBe(0);
    expect(runEta([done(0, 10), { phase: 'skipped', startedAt: null, finishedAt: null }], T).remainingMs).toBe(0);
  });
});

describe('drainProgress', () => {
  it('is the share of the starting sessions that ended', () => {
    expect(drainProgress(8, 2)).toEqual({ atStart: 8, left: 2, done: 0.75 });
    expect(drainProgress(0, 0)).toEqual({ atStart: 0, left: 0, done: 1 });
    // More open now than at the start (a report raced the withdrawal): never negative.
    expect(drainProgress(2, 5)).toEqual({ atStart: 5, left: 5, done: 0 });
  });
});
