import { describe, expect, it } from 'vitest';

import { NodeProblem, UpgradeProblem, UpgradeStop } from './stops';

describe('upgrade stops', () => {
  it('tells a stop from a node problem by type, not by message', () => {
    const stop = new UpgradeStop('needs-override', 'No Ready backend would be left. Give a reason to override.');
    const busy = new NodeProblem({ kind: 'timeout', message: 'Node at x did not answer within 3000 ms' });
    expect(stop).toBeInstanceOf(UpgradeProblem);
    expect(busy).toBeInstanceOf(UpgradeProblem);
    expect(busy).not.toBeInstanceOf(UpgradeStop);
    expect(stop.message).toBe('No Ready backend would be left. Give a reason to override.');
    expect(stop.code).toBe('needs-override');
  });

  it('knows an unhealthy refusal from the node’s error code', () => {
    const refusal = { kind: 'refused', status: 409, message: 'Node at x answered with HTTP 409' } as const;
    expect(new NodeProblem({ ...refusal, code: 'unhealthy' }).unhealthy).toBe(true);
    expect(new NodeProblem({ ...refusal, code: 'not-drained' }).unhealthy).toBe(false);
    expect(new NodeProblem({ kind: 'unreachable', message: 'refused the connection' }).unhealthy).toBe(false);
  });
});
