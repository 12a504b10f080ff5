import { z } from 'zod';

import {
  addressError,
  archiveFolderError,
  domainNameError,
  FAMILIES,
  localPartError,
  newLocalPartError,
  normalizeDomainName,
  normalizeLocalPart,
  splitAddress,
} from '@cc/settings';

import { zInt8, zSearch, zSecret, zText, ZVersion } from './common';

/** A domain name, normalized (lower case, no trailing dot) and checked against RFC 5321 rules. */
export const ZDomainName = zText(300, { tooLong: 'A domain name has at most 253 characters' })
  .transform(normalizeDomainName)
  .superRefine((name, ctx) => {
    const problem = domainNameError(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const ZLocalPart = zText(100, { tooLong: 'An account name has at most 64 characters' })
  .transform(normalizeLocalPart)
  .superRefine((name, ctx) => {
    // A new name (create, rename): only what Dovecot and Postfix can serve as is.
    const problem = newLocalPartError(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const ZAddress = zText(320, { tooLong: 'An address has at most 254 characters' }).transform((a, ctx) => {
  const parts = splitAddress(a);
  const problem = parts
    ? (localPartError(parts.localPart) ?? domainNameError(parts.domain))
    : 'Enter an address such as user@example.com';
  if (problem || !parts) {
    ctx.addIssue({ code: 'custom', message: problem ?? 'Invalid address' });
    return z.NEVER;
  }
  return `${parts.localPart}@${parts.domain}`;
});

/** Values are checked against the setting definitions by the service (per-key errors); null resets to inherited. */
const ZChanges = z
  .record(zText(64), z.union([zText(4096, { multiline: true }), z.number(), z.boolean(), z.null()]))
  .refine((c) => Object.keys(c).length <= 200, 'At most 200 settings at once.');
/** A mail account's password (empty in a form: generate one). */
export const ZAccountPassword = zSecret(1, 256, { tooShort: 'Enter a password or leave it empty to generate one' });

export const ZListInput = z.object({
  search: zSearch(320),
  cursor: zText(2000).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const ZDomainRef = z.object({ name: ZDomainName });
export const ZCreateDomain = z.object({ name: ZDomainName, settings: ZChanges.optional() });
export const ZRenameDomain = z.object({ name: ZDomainName, newName: ZDomainName, expectedVersion: ZVersion });
export const ZDeleteDomain = z
  .object({ name: ZDomainName, confirm: zText(320).trim().toLowerCase() })
  .refine((x) => x.confirm === x.name, { message: 'Type the domain name exactly to confirm', path: ['confirm'] });
export const ZDomainSettings = z.object({ name: ZDomainName, expectedVersion: ZVersion, changes: ZChanges });

export const ZClusterDefaults = z.object({ family: z.enum(FAMILIES), expectedVersion: ZVersion, changes: ZChanges });

export const ZListAccounts = ZListInput.extend({ domain: ZDomainName.optional() });
export const ZAccountRef = z.object({ address: ZAddress });
export const ZCreateAccount = z
  .object({
    domain: ZDomainName,
    name: ZLocalPart,
    realName: zText(200).trim().optional(),
    password: ZAccountPassword.optional(),
  })
  .superRefine((x, ctx) => {
    const problem = addressError(x.name, x.domain);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['name'] });
  });
export const ZRenameAccount = z.object({ address: ZAddress, newName: ZLocalPart, expectedVersion: ZVersion });
export const ZDeleteAccount = z
  .object({
    address: ZAddress,
    confirm: zText(320).trim().toLowerCase(),
    mailbox: z.enum(['keep', 'archive', 'remove'], { error: 'Choose what happens to the mailbox' }),
    archiveFolder: zText(100).trim().optional(),
  })
  .refine((x) => x.confirm === x.address, { message: 'Type the address exactly to confirm', path: ['confirm'] })
  .superRefine((x, ctx) => {
    const problem = x.mailbox === 'archive' ? archiveFolderError(x.archiveFolder ?? '') : null;
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['archiveFolder'] });
  })
  .transform(({ address, mailbox, archiveFolder }) =>
    mailbox === 'archive' ? { address, mailbox, archiveFolder: archiveFolder ?? '' } : { address, mailbox },
  );
export const ZResetPassword = z.object({ address: ZAddress, password: ZAccountPassword.optional() });
export const ZSetEnabled = z.object({ address: ZAddress, enabled: z.boolean() });
export const ZAccountSettings = z.object({ address: ZAddress, expectedVersion: ZVersion, changes: ZChanges });

export const ZConfigStatus = z.object({
  limit: z.number().int().min(1).max(100).default(20),
  revision: zInt8(1n).optional(),
});
