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

export interface SettingDef {
  key: string;
  family: Family;
  label: string;
  description: string;
  type: SettingType;
  default: SettingValue;
  /** Domain administrators may change it for their own domains and accounts; otherwise server administrators only. */
  domainAdmin: boolean;
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
  },
  {
    key: 'mailInbound',
    family: 'domain',
    label: 'Accept incoming mail',
    description: 'Off: mail for the domain is refused with a temporary error (e.g. while migrating it).',
    type: { kind: 'boolean' },
    default: true,
    domainAdmin: false,
  },
  {
    key: 'maxMessageSizeKB',
    family: 'domain',
    label: 'Maximum message size',
    description: 'Largest message the domain accepts.',
    type: int(1, 1_048_576, { unit: 'KB' }),
    default: 20_480,
    domainAdmin: false,
  },
  {
    key: 'unknownRecipients',
    family: 'domain',
    label: 'Mail to unknown addresses',
    description: 'What happens to mail for an address with no account.',
    type: { kind: 'enum', values: ['reject', 'discard', 'postmaster'] },
    default: 'reject',
    domainAdmin: true,
  },
  {
    key: 'adminContact',
    family: 'domain',
    label: 'Administrative contact',
    description: 'Address shown to users who need help; empty for none.',
    type: { kind: 'string', maxLength: 254, format: 'email' },
    default: '',
    domainAdmin: true,
  },
  {
    key: 'passwordMinLength',
    family: 'domain',
    label: 'Minimum password length',
    description: 'Shortest mail password accepted for new and reset passwords.',
    type: int(8, 128, { unit: 'characters' }),
    default: 12,
    domainAdmin: false,
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
  },
  {
    key: 'imapEnabled',
    family: 'account',
    label: 'IMAP access',
    description: 'Mail clients may sign in over IMAP.',
    type: { kind: 'boolean' },
    default: true,
    domainAdmin: true,
  },
  {
    key: 'pop3Enabled',
    family: 'account',
    label: 'POP3 access',
    description: 'Mail clients may sign in over POP3.',
    type: { kind: 'boolean' },
    default: true,
    domainAdmin: true,
  },
  {
    key: 'webmailEnabled',
    family: 'account',
    label: 'Webmail access',
    description: 'The account may use webmail.',
    type: { kind: 'boolean' },
    default: true,
    domainAdmin: true,
  },
  {
    key: 'maxSessions',
    family: 'account',
    label: 'Maximum concurrent sessions',
    description: 'Open sessions per account across the cluster; more are refused.',
    type: int(1, 1000),
    default: 20,
    domainAdmin: false,
  },
  {
    key: 'sendLimitPerHour',
    family: 'account',
    label: 'Messages sent per hour',
    description: 'Outgoing messages an account may send per hour (spam containment).',
    type: int(0, 100_000, { zeroMeans: 'unlimited' }),
    default: 500,
    domainAdmin: false,
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
  },
  {
    key: 'timeZone',
    family: 'prefs',
    label: 'Time zone',
    description: 'IANA time zone used to show dates, e.g. Europe/Berlin.',
    type: { kind: 'timezone' },
    default: 'UTC',
    domainAdmin: true,
  },
  {
    key: 'messagesPerPage',
    family: 'prefs',
    label: 'Messages per page',
    description: 'Rows in a webmail message list.',
    type: int(10, 200),
    default: 50,
    domainAdmin: true,
  },
  {
    key: 'theme',
    family: 'prefs',
    label: 'Theme',
    description: 'Webmail colour scheme.',
    type: { kind: 'enum', values: ['system', 'light', 'dark'] },
    default: 'system',
    domainAdmin: true,
  },
  {
    key: 'readReceipts',
    family: 'prefs',
    label: 'Send read receipts',
    description: 'Answer requests for read receipts.',
    type: { kind: 'enum', values: ['never', 'ask', 'always'] },
    default: 'ask',
    domainAdmin: true,
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
