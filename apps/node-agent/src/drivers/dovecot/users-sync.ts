// A Dovecot backend takes each configuration revision: the cluster-wide defaults in a generated
// include (checked with `doveconf -n` before anything else changes), one passwd-file per domain
// and a deny list per service (re-read by Dovecot on their mtime, no reload), then the sessions of
// disabled or deleted accounts are ended and deleted mailboxes are kept, archived or removed.
import { execFile } from 'node:child_process';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ConfigDefaults, ConfigSnapshot } from '@cc/node-api';
import type { ApplyContext } from '../../config-store';
import { readIfExists, removeLeftovers, writeAtomic } from './atomic-file';
import type { DoveadmClient } from './doveadm-client';
import { carryOutDeletion } from './mailbox-fate';
import {
  DENY_DIR,
  DENY_SERVICES,
  denyText,
  HEADER_ALLOWANCE_KB,
  renderMailUsers,
  resolveSettings,
  sessionsToEnd,
  type DenyLists,
} from './mail-users';

const run = promisify(execFile);

export interface UsersSyncOptions {
  usersDir: string;
  mailRoot: string;
  /** dovecot.conf, for `doveconf -n` before a generated include is kept. */
  dovecotConf?: string | undefined;
  /** A file dovecot.conf includes (!include_try) for the cluster-wide defaults; none without it. */
  clusterConf?: string | undefined;
  doveadm: DoveadmClient;
  reload: () => Promise<void>;
  log: (event: Record<string, unknown>) => void;
}

/** The defaults for users whose passwd-file line carries none (every line does; this is the fallback). */
export function renderClusterConf(defaults: ConfigDefaults): string {
  const r = resolveSettings({}, undefined, defaults);
  return `# Written by the cluster console's node agent from the configuration revision; do not edit.
plugin {
  quota_rule = *:storage=${r.quotaMb}M
  quota_max_mail_size = ${r.maxMessageKb + HEADER_ALLOWANCE_KB}k
}
`;
}

/** Dovecot re-checks a passwd-file at most once a second: this waits until that check sees our rename. */
const nextSecond = () => new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 30));

/** What the files on disk were last rendered from: a revision with the same key re-renders only its domains. */
interface Rendered {
  key: string;
  deny: Map<string, DenyLists>;
}

export class UsersSync {
  private rendered: Rendered | null = null;

  constructor(private readonly o: UsersSyncOptions) {}

  async apply(snapshot: ConfigSnapshot, ctx: ApplyContext): Promise<void> {
    const key = JSON.stringify([snapshot.defaults, snapshot.domains]);
    // Only the domains of the changed accounts, when nothing else that shapes the files changed.
    const last = this.rendered;
    this.rendered = null;
    const only =
      last?.key === key && !snapshot.accountsReset
        ? new Set(
            ctx.changes.flatMap((c) =>
              [c.address, c.renamedFrom ?? '']
                .filter(Boolean)
                .map((a) => a.slice(a.lastIndexOf('@') + 1).toLowerCase()),
            ),
          )
        : undefined;
    const users = renderMailUsers(ctx.accounts, snapshot.domains, snapshot.defaults, this.o.mailRoot, only);
    if (users.skipped.length > 0)
      this.o.log({ event: 'accounts-skipped', count: users.skipped.length, examples: users.skipped.slice(0, 5) });
    const deny = only ? new Map([...last!.deny, ...users.denyByDomain]) : users.denyByDomain;
    const t0 = performance.now();
    const reload = await this.writeClusterConf(snapshot.defaults);
    const t1 = performance.now();
    await this.writeUsers(users.domains, denyText(deny), !only);
    this.rendered = { key, deny };
    const t2 = performance.now();
    if (reload) await this.o.reload();
    this.o.log({
      event: 'users-written',
      revision: snapshot.revision,
      domains: users.domains.size,
      ms: { clusterConf: Math.round(t1 - t0), files: Math.round(t2 - t1), reload: Math.round(performance.now() - t2) },
    });
    const ending = sessionsToEnd(ctx.previous, ctx.accounts);
    if (ending.length > 0) {
      // Kicked clients reconnect at once: Dovecot must have read the new files by then.
      await nextSecond();
      for (const address of ending) await this.o.doveadm.unlessNothing('kick', { mask: [address] });
    }
    for (const change of ctx.changes) {
      if (change.settings !== null || !change.deleted) continue;
      const done = await carryOutDeletion(this.o.mailRoot, change);
      this.o.log({ event: 'mailbox-deleted', address: change.address, mailbox: change.deleted.mailbox, done });
    }
  }

  /** No passwd-file written yet: the backend knows no account. */
  async unprovisioned(): Promise<boolean> {
    const names = await readdir(this.o.usersDir).catch(() => [] as string[]);
    return !names.some((n) => !n.startsWith('.'));
  }

  /** true when the include changed (Dovecot must reload); throws, with the old file back, when doveconf refuses it. */
  private async writeClusterConf(defaults: ConfigDefaults): Promise<boolean> {
    const file = this.o.clusterConf;
    if (!file) return false;
    const text = renderClusterConf(defaults);
    const old = await readIfExists(file);
    if (old === text) return false;
    await writeAtomic(file, text);
    const problem = await this.check();
    if (problem) {
      if (old === null) await rm(file, { force: true });
      else await writeAtomic(file, old);
      throw new Error(`Dovecot refused the generated configuration (kept the previous one): ${problem}`);
    }
    return true;
  }

  /** doveconf's complaint about the configuration as it is on disk now, or null. */
  async check(): Promise<string | null> {
    if (!this.o.dovecotConf) return null;
    try {
      await run('doveconf', ['-n', '-c', this.o.dovecotConf], { timeout: 10_000, maxBuffer: 16 * 1024 * 1024 });
      return null;
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      return (e.stderr?.trim() || e.message).split('\n').slice(0, 3).join(' ').slice(0, 500);
    }
  }

  /** `all`: `domains` is every domain, so the files of the others are removed. */
  private async writeUsers(domains: Map<string, string>, deny: Record<string, string>, all: boolean): Promise<void> {
    const { usersDir } = this.o;
    const denyDir = join(usersDir, DENY_DIR);
    await mkdir(denyDir, { recursive: true, mode: 0o755 });
    await Promise.all([removeLeftovers(usersDir), removeLeftovers(denyDir)]);
    const write = async (file: string, text: string) => {
      if ((await readIfExists(file)) !== text) await writeAtomic(file, text, { bumpMtime: true });
    };
    // Added users first, removed domains last: no moment where a kept account is missing.
    for (const service of Object.keys(DENY_SERVICES)) await write(join(denyDir, service), deny[service] ?? '');
    for (const [domain, text] of domains) await write(join(usersDir, domain), text);
    if (!all) return;
    for (const name of await readdir(usersDir)) {
      if (name.startsWith('.') || domains.has(name)) continue;
      await rm(join(usersDir, name), { force: true });
    }
  }
}
