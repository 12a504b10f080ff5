import { z } from 'zod';

import { zText } from './common';

export const FINDING_KINDS = [
  'split_brain',
  'no_backup',
  'node_down',
  'node_flapping',
  'mixed_versions',
  'drain_overdue',
  'config_lagging',
  'port_check_failed',
  'resource_high',
  'clock_skew',
  'cert_expiry',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

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
