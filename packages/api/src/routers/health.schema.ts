import { z } from 'zod';

import { zText } from '../common.schema';
import { FINDING_KINDS, SEVERITIES } from '../services/health/types';

export const ZFindingId = z.object({ id: z.uuid({ message: 'Not a finding id.' }) });

export const ZListFindings = z.object({
  status: z.enum(['active', 'closed', 'all']).default('all'),
  kind: z.enum(FINDING_KINDS).optional(),
  severity: z.enum(SEVERITIES).optional(),
  closedWithinHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
  limit: z.number().int().min(1).max(500).default(200),
});

const reason = zText(500, { multiline: true }).trim().min(1, 'Say why.');

export const ZAcknowledge = ZFindingId.extend({ reason });

export const ZSilence = ZFindingId.extend({
  minutes: z
    .number()
    .int()
    .min(1, 'At least 1 minute.')
    .max(30 * 24 * 60, 'At most 30 days.'),
  reason,
});
