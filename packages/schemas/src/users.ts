import { z } from 'zod';

import { ROLES } from '@cc/permissions';

import { zSearch, zSecret, zText, ZUserIdValue } from './common';
import { ZDomainName } from './domains';

export const ZUserId = z.object({ id: ZUserIdValue });
/** A console user's password (a generated one is longer). */
export const ZUserPassword = zSecret(12, 256);
const ZName = zText(100).trim().min(1, 'Enter a name.');
export const ZRole = z.enum(ROLES, { message: 'Choose a role.' });

export const ZListUsers = z.object({ search: zSearch(200) });

export const ZCreateUser = z.object({
  email: z.email({ message: 'Enter an e-mail address.' }).max(254).toLowerCase(),
  name: ZName,
  role: ZRole,
  domains: z.array(ZDomainName).max(1000).default([]),
  password: ZUserPassword.optional(),
});

export const ZUpdateUser = ZUserId.extend({
  name: ZName.optional(),
  role: ZRole.optional(),
  domains: z.array(ZDomainName).max(1000).optional(),
});

export const ZSetUserDisabled = ZUserId.extend({ disabled: z.boolean() });
export const ZResetUserPassword = ZUserId.extend({ password: ZUserPassword.optional() });

export const ZChangeOwnPassword = z.object({
  // Checked against the stored hash only: any text that was once accepted still matches.
  currentPassword: z.string().min(1, 'Enter your current password.').max(256),
  newPassword: ZUserPassword,
});
