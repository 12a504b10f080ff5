import { describe, expect, it } from 'vitest';

import type { UpgradeStepModel as UpgradeStep } from '@cc/db';

import { handOverMessage, leaseGaps, runTimeline, stepTimeline } from './timeline';

const T = Date.parse('2026-12-01T10:00:00Z');
const at = (s: number) => new Date(T + s * 1000);

function step(extra: Partial<UpgradeStep>): UpgradeStep {
  return {
    id: 's1',
    runId: 'r1',
    position: 0,
    nodeId: 'n1',
    nodeName: 'backend-1',
    nodeRole: 'BACKEND',
    fromVersion: '1.0.0',
    phase: 'done',
    phaseStartedAt: at(30),
    startedAt: at(0),
    withdrawnAt: at(1),
    drainedAt: at(5),
    upgradedAt: at(20),
    readyAt: at(21),
    finishedAt: at(23),
    restartMs: null,
    sessionsAtStart: 3,
    sessionsEnded: 0,
    error: null,
    ...extra,
  };
}

// The worker that asked backend-1 to restart died at 6 s; its lease ran out and another console took
// the run over at 18 s, found the node healthy and went on. The node itself restarted in 3 s.
const events = [
  { at: at(0), message: 'Node 1 of 1: backend-1 (1.0.0 → 2.0.0).' },
  { at: at(18), message: handOverMessage(12_000, 'console-a:123:abcdef') },
  { at: at(20), message: 'Healthy at 2.0.0 after 3.0 s.' },
];

describe('upgrade timeline across a lease hand-over', () => {
  it('reads the gap back from the hand-over event', () => {
    expect(leaseGaps(events)).toEqual([{ from: T + 6000, to: T + 18_000 }]);
    expect(events[1]!.message).toMatch(/no worker held the run for 12\.0 s/);
  });

  it('takes the restart time from the node itself when it reports one', () => {
    const t = stepTimeline(step({ restartMs: 3000 }), leaseGaps(events));
    expect(t).toMatchObject({ drainMs: 4000, restartMs: 3000, checksMs: 3000, totalMs: 23_000 });
  });

  it('without the node’s account, never counts the time nobody held the lease as restart', () => {
    // drained 5 s → healthy seen 20 s: 15 s, of which 12 s nobody was watching.
    expect(stepTimeline(step({}), leaseGaps(events)).restartMs).toBe(3000);
    // Without the events it would have been the full 15 s.
    expect(stepTimeline(step({})).restartMs).toBe(15_000);
  });

  it('keeps a gap out of the checks too, and counts it as overhead in the run', () => {
    const gap = [{ from: T + 20_500, to: T + 22_500 }];
    expect(stepTimeline(step({ restartMs: 3000 }), gap).checksMs).toBe(1000);
    const run = runTimeline({ startedAt: at(0), finishedAt: at(23) }, [step({ restartMs: 3000 })], leaseGaps(events));
    expect(run).toMatchObject({ wallMs: 23_000, unavoidableMs: 4000 + 3000 });
    expect(run.overhead).toBeCloseTo(23 / 7);
  });

  it('ignores other events and a step not restarted yet', () => {
    expect(leaseGaps([{ at: at(1), message: 'Restarting into 2.0.0 (12 ms; nothing).' }])).toEqual([]);
    expect(stepTimeline(step({ upgradedAt: null, phase: 'checking' }), leaseGaps(events)).restartMs).toBeNull();
  });
});
