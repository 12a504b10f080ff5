import { z } from 'zod';

import { zText, ZVersion } from './common';

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

// The health evaluator's thresholds (health.updateSettings).
const seconds = (min: number, max: number) => z.number().int().min(min, `At least ${min}.`).max(max, `At most ${max}.`);
const percent = z.number().min(1, 'At least 1 %.').max(100, 'At most 100 %.');

export const ZThresholds = z.object({
  /** A node Down/up this many times within flapWindowMinutes is flapping. */
  flapCount: z.number().int().min(2, 'At least 2.').max(100, 'At most 100.'),
  flapWindowMinutes: z.number().int().min(1, 'At least 1 minute.').max(1440, 'At most 1440 minutes.'),
  /** A node behind the desired revision for longer than this is lagging. */
  configLagSeconds: seconds(5, 86_400),
  cpuPercent: percent,
  memoryPercent: percent,
  diskPercent: percent,
  /** CPU, memory or disk above its threshold for this long. */
  resourceSustainSeconds: seconds(10, 86_400),
  /** Node clock vs console clock. */
  clockSkewSeconds: seconds(1, 3600),
  /** Agent TLS certificate expiring within this many days. */
  certExpiryDays: z.number().int().min(1, 'At least 1 day.').max(365, 'At most 365 days.'),
  /** Mixed versions outside an upgrade are tolerated this long (a release's own window wins during one). */
  mixedVersionsGraceMinutes: z.number().int().min(0, 'At least 0.').max(10_080, 'At most 10080 minutes.'),
});
/** Flat, so each threshold gets its own field error. */
export const ZUpdateHealthSettings = ZThresholds.extend({ expectedVersion: ZVersion });
