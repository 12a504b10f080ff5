import { z } from 'zod';

import { ALERT_SEVERITIES, MAX_ALERT_TEXT } from '@cc/node-api/contract';

import { zDate, zSearch, zText } from './common';
import { ZAddress, ZDomainName } from './domains';

const SCOPES = ['cluster', 'domain', 'account'] as const;

export const ZAlertId = z.object({ id: z.uuid({ message: 'Not an alert id.' }) });

export const ZListAlerts = z.object({
  status: z.enum(['active', 'scheduled', 'expired', 'removed', 'all']).default('all'),
  scope: z.enum(SCOPES).optional(),
  search: zSearch(200),
  limit: z.number().int().min(1).max(500).default(100),
});

export const ZPostAlert = z
  .object({
    scope: z.enum(SCOPES, { message: 'Choose who sees it: the whole cluster, one domain or one account.' }),
    domain: ZDomainName.optional(),
    address: ZAddress.optional(),
    // Plain text: line breaks and tabs are fine, other control characters are refused.
    text: zText(MAX_ALERT_TEXT, { multiline: true }).trim().min(1, 'Enter the alert text.'),
    severity: z.enum(ALERT_SEVERITIES).default('info'),
    startsAt: zDate().optional(),
    expiresAt: zDate().optional(),
  })
  .superRefine((x, ctx) => {
    if (x.scope === 'domain' && !x.domain)
      ctx.addIssue({ code: 'custom', path: ['domain'], message: 'Enter the domain.' });
    if (x.scope === 'account' && !x.address) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: 'Enter the account address.' });
    }
    if (x.expiresAt && x.startsAt && x.expiresAt <= x.startsAt) {
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'The expiry must be after the start.' });
    } else if (x.expiresAt && x.expiresAt <= new Date()) {
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'The expiry is in the past.' });
    }
  });
