import { z } from 'zod';

import { ZUpgradeVersion } from '@cc/node-api/contract';

export const ZTargetVersion = z.object({ targetVersion: ZUpgradeVersion });

export const ZDrainDeadlineSeconds = z
  .number()
  .int('Whole seconds, please.')
  .min(5, 'At least 5 seconds.')
  .max(7 * 24 * 3600, 'At most a week.');

export const ZPreflightInput = ZTargetVersion.extend({ drainDeadlineSeconds: ZDrainDeadlineSeconds.default(600) });

export const ZStartUpgradeInput = ZTargetVersion.extend({
  order: z
    .array(z.uuid({ message: 'Not a node id.' }))
    .min(1, 'Choose at least one node.')
    .max(2000),
  drainDeadlineSeconds: ZDrainDeadlineSeconds,
  deadlineAction: z.enum(['wait', 'end-sessions']),
  pauseAfterEachNode: z.boolean(),
});

export const ZRunId = z.object({ id: z.uuid({ message: 'Not an upgrade run id.' }) });
