// Every setting the console manages, typed once. The API validates against
// these, the UI renders its forms from them, and nodes receive only values
// that passed. Families follow CommuniGate Pro's split: Domain Settings,
// Account Settings, WebUser Preferences.

export const FAMILIES = ['domain', 'account', 'prefs'] as const;
export type Family = (typeof FAMILIES)[number];

export const FAMILY_LABELS: Record<Family, string> = {
  domain: 'Domain settings',
  account: 'Account settings',
  prefs: 'WebUser preferences',
};

export type SettingType =
  | { kind: 'boolean' }
  | { kind: 'integer'; min: number; max: number; unit?: string; zeroMeans?: string }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'string'; maxLength: number; format?: 'email' }
  | { kind: 'timezone' };

export type SettingValue = string | number | boolean;

/** Node drivers (the agent's `driver` in its info): which kind of server applies the configuration. */
export const DRIVERS = ['simulated', 'dovecot', 'postfix'] as const;
export type Driver = (typeof DRIVERS)[number];
export const DRIVER_LABELS: Record<Driver, string> = { simulated: 'simulated', dovecot: 'Dovecot', postfix: 'Postfix' };

/**
 * Per driver: true = nodes of that kind enforce the setting; false = they accept it but nothing
 * happens (the pages say "not enforced on … nodes"); null = not that kind's job (IMAP access on an
 * SMTP frontend). Settings the console itself enforces (account limit, password length) are true
 * everywhere: they are checked before anything reaches a node.
 */
export type Enforcement = Record<Driver, boolean | null>;

/** The simulated driver models every setting; Dovecot and Postfix as given. */
const on = (dovecot: boolean | null, postfix: boolean | null): Enforcement => ({ simulated: true, dovecot, postfix });
const BY_CONSOLE = on(true, true);
/** Webmail preferences: no webmail runs on Dovecot nodes, and they are no SMTP matter. */
const WEBMAIL = on(false, null);

export interface SettingDef {
  key: string;
  family: Family;
  label: string;
  description: string;
  type: SettingType;
  default: SettingValue;
  /** Domain administrators may change it for their own domains and accounts; otherwise server administrators only. */
  domainAdmin: boolean;
  /** Which node kinds enforce it (see Enforcement). */
  enforcedBy: Enforcement;
}

const int = (min: number, max: number, extra: { unit?: string; zeroMeans?: string } = {}): SettingType => ({
  kind: 'integer',
  min,
  max,
  ...extra,
});

export const SETTINGS: readonly SettingDef[] = [
  // --- Domain settings ---
  {
    key: 'maxAccounts',
    family: 'domain',
    label: 'Maximum accounts',
    description: 'How many accounts the domain may have.',
    type: int(0, 10_000_000, { zeroMeans: 'unlimited' }),
    default: 0,
    domainAdmin: false,
    enforcedBy: BY_CONSOLE,
  },
  {
    key: 'mailInbound',
    family: 'domain',
    label: 'Accept incoming mail',
    description: 'Off: mail for the domain is refused with a temporary error (e.g. while migrating it).',
    type: { kind: 'boolean' },
    default: true,
    domainAdmin: false,
    enforcedBy: on(null, false),
  },
  {
    key: 'maxMessageSizeKB',
    family: 'domain',
    label: 'Maximum message size',
    description: 'Largest message the domain accepts.',
    type: int(1, 1_048_576, { unit: 'KB' }),
    default: 20_480,
    domainAdmin: false,
    enforcedBy: on(true, true),
  },
  {
    key: 'unknownRecipients',
    family: 'domain',
    label: 'Mail to unknown addresses',
    description: 'What happens to mail for an address with no account.',
    type: { kind: 'enum', values: ['reject', 'discard', 'postmaster'] },
    default: 'reject',
    domainAdmin: true,
    enforcedBy: on(null, false),
  },
  {
    key: 'adminContact',
    family: 'domain',
    label: 'Administrative contact',
    description: 'Address shown to users who need help; empty for none.',
    type: { kind: 'string', maxLength: 254, format: 'email' },
    default: '',
    domainAdmin: true,
    enforcedBy: on(false, false),
  },
  {
    key: 'passwordMinLength',
    family: 'domain',
    label: 'Minimum password length',
    description: 'Shortest mail password accepted for new and reset passwords.',
    type: int(8, 128, { unit: 'characters' }),
    default: 12,
    domainAdmin: false,
    enforcedBy: BY_CONSOLE,
  },
  // --- Account settings ---
  {
    key: 'mailboxQuotaMB',
    family: 'account',
    label: 'Mailbox quota',
    description: 'Storage an account may use.',
    type: int(0, 1_048_576, { unit: 'MB', zeroMeans: 'unlimited' }),
    default: 1024,
    domainAdmin: true,
    enforcedBy: on(true, null),
  },
  {
    key: 'imapEnabled',
    family: 'account',
    label: 'IMAP access',
    description: 'Mail clients may sign in over IMAP.',
    type: { kind: 'boolean' },
    default: true,
    domainAdmin: true,
    enforcedBy: on(true, null),
  },
  {
    key: 'pop3Enabled',
    family: 'account',
    label: 'POP3 access',
    description: 'Mail clients may sign in over POP3.',
    type: { kind: 'boolean' },
    default: true,
    domainAdmin: true,
    enforcedBy: on(true, null),
  },
  {
    key: 'webmailEnabled',
    family: 'account',
    label: 'Webmail access',
    description: 'The account may use webmail.',
    type: { kind: 'boolean' },
    default: true,
    domainAdmin: true,
    enforcedBy: WEBMAIL,
  },
  {
    key: 'maxSessions',
    family: 'account',
    label: 'Maximum concurrent sessions',
    description: 'Open sessions per account across the cluster; more are refused.',
    type: int(1, 1000),
    default: 20,
    domainAdmin: false,
    enforcedBy: on(false, null),
  },
  {
    key: 'sendLimitPerHour',
    family: 'account',
    label: 'Messages sent per hour',
    description: 'Outgoing messages an account may send per hour (spam containment).',
    type: int(0, 100_000, { zeroMeans: 'unlimited' }),
    default: 500,
    domainAdmin: false,
    enforcedBy: on(null, false),
  },
  // --- WebUser preferences ---
  {
    key: 'language',
    family: 'prefs',
    label: 'Language',
    description: 'Webmail interface language.',
    type: { kind: 'enum', values: ['en', 'de', 'fr', 'es', 'it', 'ja', 'ru'] },
    default: 'en',
    domainAdmin: true,
    enforcedBy: WEBMAIL,
  },
  {
    key: 'timeZone',
    family: 'prefs',
    label: 'Time zone',
    description: 'IANA time zone used to show dates, e.g. Europe/Berlin.',
    type: { kind: 'timezone' },
    default: 'UTC',
    domainAdmin: true,
    enforcedBy: WEBMAIL,
  },
  {
    key: 'messagesPerPage',
    family: 'prefs',
    label: 'Messages per page',
    description: 'Rows in a webmail message list.',
    type: int(10, 200),
    default: 50,
    domainAdmin: true,
    enforcedBy: WEBMAIL,
  },
  {
    key: 'theme',
    family: 'prefs',
    label: 'Theme',
    description: 'Webmail colour scheme.',
    type: { kind: 'enum', values: ['system', 'light', 'dark'] },
    default: 'system',
    domainAdmin: true,
    enforcedBy: WEBMAIL,
  },
  {
    key: 'readReceipts',
    family: 'prefs',
    label: 'Send read receipts',
    description: 'Answer requests for read receipts.',
    type: { kind: 'enum', values: ['never', 'ask', 'always'] },
    default: 'ask',
    domainAdmin: true,
    enforcedBy: WEBMAIL,
  },
];

export const SETTINGS_BY_KEY: ReadonlyMap<string, SettingDef> = new Map(SETTINGS.map((d) => [d.key, d]));

export function settingsOf(family: Family): SettingDef[] {
  return SETTINGS.filter((d) => d.family === family);
}

/** Where a value may be set: cluster defaults hold one family per row; accounts hold no domain settings. */
export type Level = 'cluster' | 'domain' | 'account';
export const LEVEL_FAMILIES: Record<Level, readonly Family[]> = {
  cluster: FAMILIES,
  domain: FAMILIES,
  account: ['account', 'prefs'],
};

/** Built-in defaults for one family (what nodes fall back to). */
export function builtInDefaults(family: Family): Record<string, SettingValue> {
  return Object.fromEntries(settingsOf(family).map((d) => [d.key, d.default]));
}

/** The driver kinds among `drivers` whose nodes do not enforce `def` (null: not their job, not listed). */
export function notEnforcedOn(def: Pick<SettingDef, 'enforcedBy'>, drivers: readonly Driver[]): Driver[] {
  return DRIVERS.filter((d) => drivers.includes(d) && def.enforcedBy[d] === false);
}

/** A node's reported driver name as one of the known kinds (e.g. "dovecot-director" → dovecot), or null. */
export function driverKind(name: string | null | undefined): Driver | null {
  const n = name?.toLowerCase() ?? '';
  return DRIVERS.find((d) => n.includes(d)) ?? null;
}
