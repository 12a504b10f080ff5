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
import type { PostfixSettings } from './settings';
import { readIfExists, writeAtomic } from '../dovecot/atomic-file';
import { HostLoad } from '../dovecot/host-load';
import { waitForPort } from '../dovecot/listener-switch';
import { countEstablished, countQueue, renderMaps } from './maps';

const exec = promisify(execFile);

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
  /** Non-Ready: new SMTP sessions are deferred, then the listener goes. */
  private closed = false;
  /** The smtpd listener is in master.cf (false once a Non-Ready drain has finished). */
  private listenerOpen = true;
  /** The background end of a Non-Ready drain; Make Ready aborts it. */
  private closing: { abort: boolean } | null = null;
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
    this.listenerOpen = await this.listenerPresent();
    this.closed = !this.listenerOpen || (await this.deferring());
    // A drain an earlier process started and did not finish: finish it.
    if (this.closed && this.listenerOpen) {
      const closing = { abort: false };
      this.closing = closing;
      void this.closeWhenDrained(closing).catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    if (this.closing) this.closing.abort = true;
  }

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
        // The instance's own directory (postfix -c DIR): its file system is the one a full queue fills.
        disk: this.hostLoad.disk(this.etc),
        sessions: { imap: 0, pop: 0, smtp, http: 0 },
        accountsOpen: 0,
      },
      listeners: [{ protocol: 'smtp', port: this.o.smtpPort, open: this.listenerOpen }],
      ...(queue !== null && { queue: countQueue(queue) }),
    };
  }

  /**
   * Non-Ready answers once new sessions are deferred (the console waits seconds, not the drain); the
   * listener goes in the background when the open sessions have ended, or after drainMs.
   */
  setReady(ready: boolean): Promise<void> {
    return this.serialized(async () => {
      if (ready) {
        if (this.closing) this.closing.abort = true;
        this.closing = null;
        if (!this.closed && this.listenerOpen && (await this.listenerPresent())) return;
        if (!(await this.listenerPresent()))
          await this.postconf('-Me', `${this.service}/inet=${this.service} inet n - n - - smtpd`);
        else if (await this.deferring()) await this.postconf('-PX', `${this.service}/inet/smtpd_client_restrictions`);
        await this.reload();
        this.closed = false;
        this.listenerOpen = true;
        if (!(await waitForPort(this.o.host, this.o.smtpPort, true, 10_000)))
          throw new Error(`SMTP ${this.service} is still closed after the reload`);
        return;
      }
      if (this.closed) return;
      // 1: the smtpd stays (a reload lets running sessions finish), new sessions get "try again later".
      await this.postconf('-P', `${this.service}/inet/smtpd_client_restrictions=defer`);
      await this.reload();
      this.closed = true;
      const closing = { abort: false };
      this.closing = closing;
      void this.closeWhenDrained(closing).catch((err: Error) =>
        this.o.log?.({ event: 'smtp-close-failed', message: err.message }),
      );
    });
  }

  /** 2: once the open sessions have ended (or after drainMs) the listener goes; queued mail is delivered at once. */
  private async closeWhenDrained(closing: { abort: boolean }): Promise<void> {
    const deadline = Date.now() + (this.o.drainMs ?? 30_000);
    while (!closing.abort && (await this.status()).load.sessions.smtp > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    await this.serialized(async () => {
      if (closing.abort) return;
      await this.postconf('-MX', `${this.service}/inet`);
      await this.reload();
      this.listenerOpen = false;
      await this.cmd('postqueue', ['-c', this.etc, '-f']).catch(() => undefined);
      if (!(await waitForPort(this.o.host, this.o.smtpPort, false, 10_000)))
        throw new Error(`SMTP ${this.service} is still open after the reload`);
    });
  }

  /** Stage 1 of Non-Ready is in master.cf: the listener defers new sessions. */
  private async deferring(): Promise<boolean> {
    const param = await this.postconf('-P', `${this.service}/inet/smtpd_client_restrictions`).catch(() => '');
    return param.includes('defer');
  }

  private async listenerPresent(): Promise<boolean> {
    return (await this.postconf('-M', `${this.service}/inet`)).trim() !== '';
  }

  /** Removing and re-adding the service ends its smtpd processes: the open sessions are cut. */
  endSessions(): Promise<number> {
    return this.serialized(async () => {
      const before = (await this.status()).load.sessions.smtp;
      if (before === 0 || !this.listenerOpen) return 0;
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
