// Node admin API v1: configuration push (the Single Service Image for
// settings) and per-account session lookups. The console owns the desired
// state in its database and pushes whole revisions; a node keeps the newest
// revision it applied in its data directory and reports it in its status.
import { z } from 'zod';
import { ZNodeConfigStatus, ZSessionCounts } from './schemas';

/** Values are typed by the console's setting definitions; the wire only carries JSON scalars. */
export const ZSettingValue = z.union([z.string().max(4096), z.number(), z.boolean()]);
export type SettingValue = z.infer<typeof ZSettingValue>;
export const ZSettingsMap = z.record(z.string().min(1).max(64), ZSettingValue);
export type SettingsMap = z.infer<typeof ZSettingsMap>;

/** RFC 5321: a mailbox address is at most 254 octets in practice; 320 leaves room for old data. */
export const ZAccountAddress = z.string().min(3).max(320).includes('@');

export const MAX_ACCOUNT_CHANGES = 1000;

export const ZConfigDomain = z.strictObject({
  name: z.string().min(1).max(253),
  /** Domain settings plus the domain's defaults for its accounts and their WebUser preferences. */
  settings: ZSettingsMap,
});
export type ConfigDomain = z.infer<typeof ZConfigDomain>;

export const MAILBOX_FATES = ['keep', 'archive', 'remove'] as const;
/** One path segment: the archive folder under <mail_root>/_archive/ on the shared storage. */
export const ZArchiveFolder = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/)
  .refine((s) => s !== '.' && s !== '..', 'not "." or ".."');

export const ZAccountDeletion = z
  .strictObject({
    mailbox: z.enum(MAILBOX_FATES),
    archiveFolder: ZArchiveFolder.optional().describe('With mailbox "archive": the folder to move the mailbox into.'),
  })
  .refine((d) => (d.mailbox === 'archive') === (d.archiveFolder !== undefined), {
    message: 'archiveFolder is required with mailbox "archive" and only then',
    path: ['archiveFolder'],
  });
export type AccountDeletion = z.infer<typeof ZAccountDeletion>;

/** A Dovecot "{SCHEME}..." string as stored: no ':' (passwd-file field separator) and no line breaks. */
export const ZPasswordHash = z
  .string()
  .max(512)
  .regex(/^\{[A-Z0-9.-]{1,32}\}[^:\r\n\0]+$/, 'a Dovecot {SCHEME}... hash without ":" or line breaks');

export const ZAccountChange = z.strictObject({
  address: ZAccountAddress,
  /** null: the account was deleted (or renamed away); drop anything cached for it. */
  settings: ZSettingsMap.nullable(),
  enabled: z.boolean(),
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional()
    .describe('Stable account id: the mailbox home is <mail_root>/<domain>/<id>, so a rename keeps the mail.'),
  passwordHash: ZPasswordHash.nullable()
    .optional()
    .describe('The password in a scheme the mail server verifies; null = no usable password (login refused).'),
  deleted: ZAccountDeletion.optional().describe(
    'Only with settings null, when the account was deleted (not renamed): what happens to its mailbox.',
  ),
  renamedFrom: ZAccountAddress.optional().describe(
    'The previous address after a rename (that address arrives as its own change with settings null).',
  ),
});
export type AccountChange = z.infer<typeof ZAccountChange>;

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export const MAX_ALERT_TEXT = 2000;
export const ZAlert = z.strictObject({
  id: z.string().min(1).max(64),
  scope: z.enum(['cluster', 'domain', 'account']),
  /** For domain alerts: the domain; for account alerts: the account's address. */
  target: z.string().max(320).nullable(),
  text: z.string().min(1).max(MAX_ALERT_TEXT).describe('Plain text; clients must show it as text, never as markup.'),
  severity: z.enum(ALERT_SEVERITIES),
  postedAt: z.iso.datetime({ offset: true }),
  startsAt: z.iso.datetime({ offset: true }).nullable().describe('Not shown before this time (node clock).'),
  expiresAt: z.iso.datetime({ offset: true }).nullable().describe('Not shown from this time on (node clock).'),
});
export type Alert = z.infer<typeof ZAlert>;

export const ZConfigDefaults = z.strictObject({
  domain: ZSettingsMap.describe('Default Domain Settings (cluster-wide).'),
  account: ZSettingsMap.describe('Default Account Settings (cluster-wide).'),
  prefs: ZSettingsMap.describe('Default WebUser Preferences (cluster-wide).'),
});
export type ConfigDefaults = z.infer<typeof ZConfigDefaults>;

export const ZConfigSnapshot = z
  .strictObject({
    revision: z.number().int().positive().describe('Monotonic; a node ignores a revision not newer than its own.'),
    defaults: ZConfigDefaults,
    domains: z.array(ZConfigDomain).max(100_000).describe('Every shared domain; replaces the previous list.'),
    accounts: z
      .array(ZAccountChange)
      .max(MAX_ACCOUNT_CHANGES)
      .describe('Accounts changed since the revision the node reported (their whole overrides, not a diff).'),
    accountsReset: z
      .boolean()
      .describe('true: drop every cached account override first (too many changes to list, or a fresh node).'),
    accountsStaged: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe(
        'With accountsReset: the whole account set was staged for this revision (PUT /v1/config/accounts) and ' +
          'has this many accounts; the node applies it with this snapshot (409 stage-incomplete if it holds another count).',
      ),
    alerts: z
      .array(ZAlert)
      .max(1000)
      .default([])
      .describe('Every cluster alert in force or scheduled; an alert missing here has been removed.'),
  })
  .describe('The cluster configuration at one revision.');
export type ConfigSnapshot = z.infer<typeof ZConfigSnapshot>;

/** PATCH /v1/config refused a delta: the node holds another revision than its base (send the whole snapshot). */
export const CONFIG_BASE_MISMATCH = 'base-mismatch';

export const ZConfigDelta = z
  .strictObject({
    base: z.number().int().positive().describe('The revision the node must hold; any other is refused (409).'),
    revision: z.number().int().positive().describe('The revision the node holds after applying this change.'),
    defaults: ZConfigDefaults.partial().describe('Only the families that changed, each whole.'),
    domains: z.array(ZConfigDomain).max(100_000).describe('Shared domains added or changed, each whole.'),
    removedDomains: z
      .array(z.string().min(1).max(253))
      .max(100_000)
      .describe('Shared domains deleted or renamed away.'),
    accounts: z
      .array(ZAccountChange)
      .max(MAX_ACCOUNT_CHANGES)
      .describe('Accounts changed since the base revision (each whole, as in a snapshot).'),
    alerts: z
      .array(ZAlert)
      .max(1000)
      .optional()
      .describe('When alerts changed: every cluster alert in force or scheduled (replaces the list).'),
  })
  .refine((d) => d.revision > d.base, { message: 'revision must be newer than base', path: ['revision'] })
  .describe("What changed between two revisions: applied only on top of the node's current revision (base).");
export type ConfigDelta = z.infer<typeof ZConfigDelta>;

const ZCount = z.number().int().nonnegative();

export const ZApplyConfigResponse = z.object({
  revision: ZCount.describe('The revision the node has applied now (may be newer than the one sent).'),
  changed: z.boolean().describe('false: the node already had this revision or a newer one; nothing was done.'),
});
export type ApplyConfigResponse = z.infer<typeof ZApplyConfigResponse>;

/** Page size of PUT /v1/config/accounts. */
export const MAX_STAGED_ACCOUNTS_PAGE = 5000;
export const STAGE_INCOMPLETE = 'stage-incomplete';

export const ZStageAccountsRequest = z
  .strictObject({
    revision: z.number().int().positive().describe('The revision the following PUT /v1/config will carry.'),
    page: ZCount.describe('0-based; page 0 starts a new stage (and drops any other).'),
    accounts: z.array(ZAccountChange).max(MAX_STAGED_ACCOUNTS_PAGE),
    last: z.boolean().describe('true on the last page.'),
  })
  .describe('One page of the whole account set, staged before a snapshot with accountsReset.');
export type StageAccountsRequest = z.infer<typeof ZStageAccountsRequest>;
export const ZStageAccountsResponse = z.object({
  revision: ZCount,
  staged: ZCount.describe('Accounts staged so far for that revision.'),
  complete: z.boolean().describe('The last page has arrived.'),
});
export type StageAccountsResponse = z.infer<typeof ZStageAccountsResponse>;

export const ZAppliedConfig = ZNodeConfigStatus.extend({
  defaults: ZConfigDefaults,
  domains: z.array(ZConfigDomain),
  accounts: z.array(ZAccountChange).describe('Account overrides the node holds (cumulative since the last reset).'),
});
export type AppliedConfig = z.infer<typeof ZAppliedConfig>;

export const MAX_ACCOUNT_LOOKUP = 100;
export const ZAccountSessionsRequest = z.strictObject({
  accounts: z.array(ZAccountAddress).min(1).max(MAX_ACCOUNT_LOOKUP),
});
export type AccountSessionsRequest = z.infer<typeof ZAccountSessionsRequest>;
export const ZAccountSessions = z.object({ address: ZAccountAddress, sessions: ZSessionCounts });
export type AccountSessions = z.infer<typeof ZAccountSessions>;
export const ZAccountSessionsResponse = z.object({
  accounts: z.array(ZAccountSessions).describe('Only accounts open on this node (at least one session).'),
});
export type AccountSessionsResponse = z.infer<typeof ZAccountSessionsResponse>;

export const ZEndAccountSessionsRequest = z.strictObject({ account: ZAccountAddress });
export type EndAccountSessionsRequest = z.infer<typeof ZEndAccountSessionsRequest>;

export const ZAlertDelivery = z.object({
  id: z.string(),
  active: z.boolean().describe('Within its start and expiry time now.'),
  shownTo: z.number().int().nonnegative().describe('Distinct accounts this node has shown the alert to.'),
});
export type AlertDelivery = z.infer<typeof ZAlertDelivery>;
export const ZAlertsResponse = z.object({ alerts: z.array(ZAlertDelivery) });
export type AlertsResponse = z.infer<typeof ZAlertsResponse>;
