// Drives a Postfix instance as the cluster's SMTP frontend (`postfix -c <config dir>`), beside or on
// the director's host. Each revision rewrites its texthash maps (domains, mailboxes) and
// message_size_limit, checked before they replace the old ones, then reloads. Make Non-Ready closes
// SMTP in two steps (new sessions get 4xx while open ones finish, then the listener goes) and flushes
// the queue, which is still delivered; Make Ready puts the listener back.
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ConfigSnapshot, NodeRole, UnsupportedFeature } from '@cc/node-api';
import type { ApplyContext } from '../../config-store';
import type { DriverStatus, NodeDriver } from '../driver';
import { readIfExists, writeAtomic } from '../dovecot/atomic-file';
import { HostLoad } from '../dovecot/host-load';
import { waitForPort } from '../dovecot/listener-switch';
import { countEstablished, countQueue, renderMaps } from './maps';

const exec = promisify(execFile);

export interface PostfixSettings {
  /** The instance's config directory (main.cf, master.cf, the maps). */
  configDir: string;
}

export interface PostfixDriverOptions {
  role: NodeRole;
  settings: PostfixSettings;
  /** The smtpd listener's address (the agent's --host) and port (--smtp-port): master.cf's "<ip>:<port>". */
  host: string;
  smtpPort: number;
  fallbackVersion: string;
  log?: ((event: Record<string, unknown>) => void) | undefined;
  /** How long Make Non-Ready lets open SMTP sessions finish before the listener goes. */
  drainMs?: number;
}

const MAPS = ['vdomains', 'vmailboxes'] as const;

export class PostfixDriver implements NodeDriver {
  readonly kind = 'postfix';
  private readonly hostLoad = new HostLoad();
  private readonly etc: string;
  private readonly service: string;
  private version: string;
  private closed = false;
  /** postconf edits and reloads run one at a time. */
  private changing: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: PostfixDriverOptions) {
    this.etc = o.settings.configDir;
    this.service = `${o.host}:${o.smtpPort}`;
    this.version = o.fallbackVersion;
  }

  private async cmd(program: string, args: string[]): Promise<string> {
    try {
      const { stdout } = await exec(program, args, { timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
      return stdout;
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`${program} ${args.join(' ')}: ${(e.stderr?.trim() || e.message).slice(0, 400)}`, {
        cause: err,
      });
    }
  }

  private postconf = (...args: string[]) => this.cmd('postconf', ['-c', this.etc, ...args]);
  private reload = () => this.cmd('postfix', ['-c', this.etc, 'reload']);

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.changing.then(work);
    this.changing = run.catch(() => undefined);
    return run;
  }

  async start(): Promise<void> {
    const v = await this.postconf('-h', 'mail_version').catch(() => '');
    if (v.trim()) this.version = v.trim();
    this.closed = (await this.postconf('-M', `${this.service}/inet`)).trim() === '';
  }

  async stop(): Promise<void> {}

  softwareVersion(): string {
    return this.version;
  }

  capabilities(): string[] {
    return ['sessions', 'client-listeners', 'accounts', 'mail-queue'];
  }

  unsupported(): UnsupportedFeature[] {
    return [
      { feature: 'session-counters', reason: 'Postfix does not count how SMTP sessions ended' },
      { feature: 'alerts', reason: 'SMTP has no way to show a cluster alert' },
      { feature: 'account-sessions', reason: 'SMTP sessions belong to no account' },
    ];
  }

  async status(): Promise<DriverStatus> {
    const [tcp, queue] = await Promise.all([
      readFile('/proc/net/tcp', 'utf8').catch(() => ''),
      this.cmd('postqueue', ['-c', this.etc, '-j']).catch(() => null),
    ]);
    const smtp = countEstablished(tcp, this.o.host, this.o.smtpPort);
    return {
      readiness: this.closed ? 'non-ready' : 'ready',
      drain: null,
      load: {
        cpuPercent: this.hostLoad.cpuPercent(),
        memory: this.hostLoad.memory(),
        sessions: { imap: 0, pop: 0, smtp, http: 0 },
        accountsOpen: 0,
      },
      listeners: [{ protocol: 'smtp', port: this.o.smtpPort, open: !this.closed }],
      ...(queue !== null && { queue: countQueue(queue) }),
    };
  }

  setReady(ready: boolean): Promise<void> {
    return this.serialized(async () => {
      if (ready === !this.closed && (await this.listenerPresent()) === ready) return;
      if (ready) {
        await this.postconf('-Me', `${this.service}/inet=${this.service} inet n - n - - smtpd`);
        await this.reload();
        this.closed = false;
      } else {
        // 1: the smtpd stays (a reload lets running sessions finish), new sessions get "try again later".
        await this.postconf('-P', `${this.service}/inet/smtpd_client_restrictions=defer`);
        await this.reload();
        const deadline = Date.now() + (this.o.drainMs ?? 30_000);
        while ((await this.status()).load.sessions.smtp > 0 && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 100));
        // 2: the listener goes; queued mail is still delivered, and at once.
        await this.postconf('-MX', `${this.service}/inet`);
        await this.reload();
        this.closed = true;
        await this.cmd('postqueue', ['-c', this.etc, '-f']).catch(() => undefined);
      }
      if (!(await waitForPort(this.o.host, this.o.smtpPort, ready, 10_000)))
        throw new Error(`SMTP ${this.service} is still ${ready ? 'closed' : 'open'} after the reload`);
    });
  }

  private async listenerPresent(): Promise<boolean> {
    return (await this.postconf('-M', `${this.service}/inet`)).trim() !== '';
  }

  /** Removing and re-adding the service ends its smtpd processes: the open sessions are cut. */
  endSessions(): Promise<number> {
    return this.serialized(async () => {
      const before = (await this.status()).load.sessions.smtp;
      if (before === 0 || this.closed) return 0;
      await this.postconf('-MX', `${this.service}/inet`);
      await this.reload();
      await this.postconf('-Me', `${this.service}/inet=${this.service} inet n - n - - smtpd`);
      await this.reload();
      await waitForPort(this.o.host, this.o.smtpPort, true, 10_000);
      return before;
    });
  }

  /** An instance whose domain map is empty holds no revision (a fresh config directory). */
  async holdsConfig(): Promise<boolean> {
    return ((await readIfExists(join(this.etc, 'vdomains'))) ?? '') !== '';
  }

  applyConfig(snapshot: ConfigSnapshot, ctx: ApplyContext): Promise<void> {
    return this.serialized(() => this.applyMaps(snapshot, ctx));
  }

  /** New maps are checked as files beside the old ones; on any failure the old maps and limit stay. */
  private async applyMaps(snapshot: ConfigSnapshot, ctx: ApplyContext): Promise<void> {
    const maps = renderMaps(snapshot, ctx.accounts);
    const file = (m: string) => join(this.etc, m);
    const staged = (m: string) => join(this.etc, `.next.${m}`);
    const old = { vdomains: await readIfExists(file('vdomains')), vmailboxes: await readIfExists(file('vmailboxes')) };
    const oldLimit = (await this.postconf('-h', 'message_size_limit')).trim();
    if (
      old.vdomains === maps.vdomains &&
      old.vmailboxes === maps.vmailboxes &&
      oldLimit === String(maps.messageSizeLimit)
    )
      return;
    try {
      for (const m of MAPS) {
        await writeAtomic(staged(m), maps[m]);
        await this.checkMap(staged(m), maps[m]);
      }
    } catch (err) {
      await Promise.all(MAPS.map((m) => rm(staged(m), { force: true })));
      throw new Error(`Postfix could not build the new maps (kept the previous ones): ${(err as Error).message}`, {
        cause: err,
      });
    }
    try {
      await this.postconf('-e', `message_size_limit=${maps.messageSizeLimit}`);
      for (const m of MAPS) await writeAtomic(file(m), maps[m]);
      await this.reload();
    } catch (err) {
      for (const m of MAPS) if (old[m] !== null) await writeAtomic(file(m), old[m]!);
      await this.postconf('-e', `message_size_limit=${oldLimit}`).catch(() => undefined);
      await this.reload().catch(() => undefined);
      throw new Error(`Postfix refused the new configuration (kept the previous one): ${(err as Error).message}`, {
        cause: err,
      });
    } finally {
      await Promise.all(MAPS.map((m) => rm(staged(m), { force: true })));
    }
    this.o.log?.({ event: 'postfix-maps', domains: maps.domains, mailboxes: maps.mailboxes });
  }

  /** Postfix reads the whole staged map: every key is there and the first one resolves. */
  private async checkMap(path: string, text: string): Promise<void> {
    const keys = text.split('\n').filter(Boolean).length;
    const dump = await this.cmd('postmap', ['-c', this.etc, '-s', `texthash:${path}`]);
    const got = dump.split('\n').filter(Boolean).length;
    if (got !== keys) throw new Error(`postmap read ${got} of ${keys} entries from ${path}`);
  }
}
