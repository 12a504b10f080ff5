// What can go wrong acting on a node during an upgrade, as types the phases branch on with
// instanceof (no message prefixes to parse): a stop fails the step and waits for an operator; a
// node problem is tried again on the next tick, within the phase's allowance.
import { UPGRADE_ERRORS } from '@cc/node-api';

import type { FailureReason } from '../nodes/fan-out';

export class UpgradeProblem extends Error {
  override readonly name: string = 'UpgradeProblem';
}

export type StopCode = 'needs-override' | 'node-missing' | 'refused';

/** The run cannot go on by itself on this node: cluster rules want an operator's override, or the node is gone. */
export class UpgradeStop extends UpgradeProblem {
  override readonly name = 'UpgradeStop';
  constructor(
    readonly code: StopCode,
    message: string,
  ) {
    super(message);
  }
}

/** The node did not do what was asked this time (no answer, or a refusal the phase may outwait). */
export class NodeProblem extends UpgradeProblem {
  override readonly name = 'NodeProblem';
  constructor(readonly reason: FailureReason) {
    super(reason.message);
  }

  /** The node refuses because it failed its health check: waiting will not change that. */
  get unhealthy(): boolean {
    const r = this.reason;
    return (r.kind === 'refused' && r.code === UPGRADE_ERRORS.unhealthy) || /unhealthy/i.test(r.message);
  }
}
