import { z } from 'zod';

import { normalizeFingerprint, validateNodeAdminUrl } from '@cc/node-api/contract';

import { zInt4, zSearch, zSecret, zText } from './common';

export const ZNodeId = z.object({ id: z.uuid({ message: 'Not a node id.' }) });

export const ZListNodesInput = z.object({
  page: zInt4(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
  search: zSearch(100),
  role: z.enum(['FRONTEND', 'BACKEND']).optional(),
});

export const ZHistoryInput = ZNodeId.extend({
  minutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60, 'At most 7 days.')
    .default(15),
});

const ZAdminUrl = zText(2000)
  .trim()
  .min(1, 'Enter the node admin URL.')
  .superRefine((url, ctx) => {
    const problem = validateNodeAdminUrl(url);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A SHA-256 certificate fingerprint in any usual spelling (colons, spaces, either case). */
const ZFingerprint = zText(200)
  .trim()
  .refine((v) => normalizeFingerprint(v) !== null, 'Not a SHA-256 fingerprint (64 hex digits, colons optional).');

export const ZRegisterNodeInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter a name.')
    .max(63, 'At most 63 characters.')
    .regex(
      /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i,
      'Letters, digits, dots and hyphens; start and end with a letter or digit.',
    ),
  role: z.enum(['FRONTEND', 'BACKEND'], { message: 'Choose frontend or backend.' }),
  adminUrl: ZAdminUrl,
  token: zSecret(16, 512, { tooShort: 'Node tokens are at least 16 characters.' }),
  /** https://: the fingerprint the administrator compared with the node's and confirmed. */
  tlsFingerprint: ZFingerprint.optional(),
  /** http://: the explicit choice to send the token in clear text. */
  allowPlainHttp: z.boolean().optional(),
});

export const ZTestNodeInput = ZRegisterNodeInput.pick({
  role: true,
  adminUrl: true,
  token: true,
  tlsFingerprint: true,
  allowPlainHttp: true,
});

export const ZAcceptCertificateInput = ZNodeId.extend({ tlsFingerprint: ZFingerprint });

const ZNodeIds = z
  .array(z.uuid({ message: 'Not a node id.' }))
  .min(1, 'Choose at least one node.')
  .max(200, 'At most 200 nodes at once.');

export const ZReadinessPreviewInput = z.object({ ids: ZNodeIds, ready: z.boolean() });

export const ZSetReadinessInput = z
  .object({
    ids: ZNodeIds,
    ready: z.boolean(),
    reason: zText(500).trim().min(3, 'Say why (at least 3 characters).').optional(),
    drainDeadlineMinutes: z
      .number()
      .int()
      .min(1, 'At least 1 minute.')
      .max(7 * 24 * 60, 'At most 7 days.')
      .optional(),
  })
  .refine((v) => !(v.ready && v.drainDeadlineMinutes), {
    message: 'A drain deadline only applies to Make Non-Ready.',
    path: ['drainDeadlineMinutes'],
  });
