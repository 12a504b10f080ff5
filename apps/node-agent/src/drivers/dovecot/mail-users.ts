// What a Dovecot backend's authentication reads, rendered from a configuration revision: one
// passwd-file per domain (local part only, Dovecot's `username_format=%n`, file `<users_dir>/%d`)
// and one deny list per login service (`<users_dir>/.deny/%s`, a passdb with deny = yes). The
// settings each account gets are resolved here (account, else domain, else cluster default, else
// built-in), because Dovecot reads them as userdb extra fields per user.
import type { ConfigDefaults, ConfigDomain, SettingsMap } from '@cc/node-api';
import { SETTINGS } from '@cc/settings';
import type { StoredAccount } from '../../config-store';

/** Directory (inside the users dir) of the per-service deny lists; a domain name never starts with a dot. */
export const DENY_DIR = '.deny';
export const DENY_SERVICES = { imap: 'imapEnabled', pop3: 'pop3Enabled' } as const;

/** Local parts the passwd-files and the Postfix maps can hold as is (the console's rule for new names). */
const SAFE_LOCAL = /^[a-z0-9_][a-z0-9._-]*$/i;
const SAFE_DOMAIN = /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/i;
/** A stored hash Dovecot cannot match with any password: the account exists but cannot sign in. */
export const NO_PASSWORD = '{CRYPT}!';
export const HEADER_ALLOWANCE_KB = 64;

export interface MailUsers {
  /** Lowercase domain -> passwd-file text (every shared domain has a file, possibly empty). */
  domains: Map<string, string>;
  /** Service -> deny list text (full addresses) of the rendered domains. */
  deny: Record<keyof typeof DENY_SERVICES, string>;
  denyByDomain: Map<string, DenyLists>;
  /** Accounts left out because their address cannot be written safely (never their hashes). */
  skipped: string[];
}

export interface Resolved {
  quotaMb: number;
  maxMessageKb: number;
  imap: boolean;
  pop3: boolean;
}

const BUILT_IN = new Map(SETTINGS.map((d) => [d.key, d.default]));

/** Account, else domain, else cluster default, else built-in: the console's inheritance. */
export function resolveSettings(
  account: SettingsMap,
  domain: SettingsMap | undefined,
  defaults: ConfigDefaults,
): Resolved {
  const pick = (key: string, clusterLayer: SettingsMap) =>
    account[key] ?? domain?.[key] ?? clusterLayer[key] ?? BUILT_IN.get(key);
  const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback);
  return {
    quotaMb: Math.floor(num(pick('mailboxQuotaMB', defaults.account), 1024)),
    maxMessageKb: Math.floor(num(pick('maxMessageSizeKB', defaults.domain), 20_480)),
    imap: pick('imapEnabled', defaults.account) !== false,
    pop3: pick('pop3Enabled', defaults.account) !== false,
  };
}

export function splitAddress(address: string): { local: string; domain: string } | null {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  if (at <= 0 || !SAFE_LOCAL.test(local) || local.length > 64 || !SAFE_DOMAIN.test(domain)) return null;
  return { local: local.toLowerCase(), domain };
}

/** The account's home on the shared storage: by id, so a rename keeps the mail. */
export function homeOf(mailRoot: string, domain: string, account: Pick<StoredAccount, 'id' | 'address'>): string {
  const local = account.address.slice(0, account.address.lastIndexOf('@')).toLowerCase();
  return `${mailRoot}/${domain}/${account.id ?? local}`;
}

/**
 * Renders the passwd-files of every shared domain, or only of the domains in `only` (a revision that
 * changed a few accounts: the other files stay as they are). Deny lists come per domain, so a
 * caller that renders a few domains can merge them with the lists it has.
 */
export function renderMailUsers(
  accounts: ReadonlyMap<string, StoredAccount>,
  domains: readonly ConfigDomain[],
  defaults: ConfigDefaults,
  mailRoot: string,
  only?: ReadonlySet<string>,
): MailUsers {
  const settingsOf = new Map(domains.map((d) => [d.name.toLowerCase(), d.settings]));
  const groups = new Map<string, StoredAccount[]>();
  for (const name of settingsOf.keys()) if (SAFE_DOMAIN.test(name) && (!only || only.has(name))) groups.set(name, []);
  const skipped: string[] = [];
  for (const account of accounts.values()) {
    const domain = account.address.slice(account.address.lastIndexOf('@') + 1).toLowerCase();
    if (only && !only.has(domain)) continue;
    const group = groups.get(domain);
    if (group) group.push(account);
    else skipped.push(account.address);
  }
  const files = new Map<string, string>();
  const denyByDomain = new Map<string, DenyLists>();
  for (const [domain, group] of groups) {
    group.sort((a, b) => (a.address < b.address ? -1 : 1));
    const domainSettings = settingsOf.get(domain);
    const lines: string[] = [];
    const deny: DenyLists = { imap: [], pop3: [] };
    for (const account of group) {
      const parts = splitAddress(account.address);
      if (!parts || (account.id !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(account.id))) {
        skipped.push(account.address);
        continue;
      }
      const r = resolveSettings(account.settings, domainSettings, defaults);
      const extra = [
        // 0 MB = unlimited: Dovecot's "storage=0" means no limit as well.
        `userdb_quota_rule=*:storage=${r.quotaMb}M`,
        // Room for the Received headers Postfix and LMTP add: Postfix refuses oversized mail at SMTP (552)
        // first, instead of Dovecot answering LMTP with a temporary 451 that would keep it queued.
        `userdb_quota_max_mail_size=${r.maxMessageKb + HEADER_ALLOWANCE_KB}k`,
        ...(account.enabled ? [] : ['nologin', 'reason=Disabled']),
      ];
      const hash = account.passwordHash ?? NO_PASSWORD;
      // user:password:uid:gid:gecos:home:shell:extra fields (uid/gid: mail_uid/mail_gid).
      lines.push(`${parts.local}:${hash}::::${homeOf(mailRoot, domain, account)}::${extra.join(' ')}`);
      const full = `${parts.local}@${domain}`;
      if (!r.imap) deny.imap.push(full);
      if (!r.pop3) deny.pop3.push(full);
    }
    files.set(domain, textOf(lines));
    denyByDomain.set(domain, deny);
  }
  return { domains: files, denyByDomain, deny: denyText(denyByDomain), skipped };
}

export interface DenyLists {
  imap: string[];
  pop3: string[];
}

const textOf = (lines: string[]) => (lines.length > 0 ? `${lines.join('\n')}\n` : '');

/** The deny list files from per-domain lists (domains in name order). */
export function denyText(byDomain: ReadonlyMap<string, DenyLists>): Record<keyof typeof DENY_SERVICES, string> {
  const ordered = [...byDomain.keys()].sort().map((d) => byDomain.get(d)!);
  return { imap: textOf(ordered.flatMap((d) => d.imap)), pop3: textOf(ordered.flatMap((d) => d.pop3)) };
}

/** Lowercase addresses whose open sessions must end: deleted, renamed away or disabled in this revision. */
export function sessionsToEnd(
  previous: ReadonlyMap<string, StoredAccount>,
  next: ReadonlyMap<string, StoredAccount>,
): string[] {
  const out: string[] = [];
  for (const [key, before] of previous) {
    if (!before.enabled) continue;
    const after = next.get(key);
    if (!after || !after.enabled) out.push(key);
  }
  return out;
}
