// Drives a real Dovecot 2.3 node through its doveadm HTTP API. A backend is
// withdrawn by setting its vhost count on the director to 0 (new users go to
// other backends; open sessions run on) and drains as its own sessions end; a
// frontend (the director) closes its client listeners. Sessions come from
// `who` on backends and `proxyList` on the director.
import type {
  ConfigSnapshot,
  NodeRole,
  Readiness,
  SessionCounts,
  SessionProtocol,
  UnsupportedFeature,
} from '@cc/node-api';
import { z } from 'zod';
import type { DriverStatus, NodeDriver } from '../driver';
import { DoveadmClient, DoveadmError, ZServiceRow, type WhoRow, type ProxyRow } from './doveadm-client';
import { DirectorVhosts } from './director-vhosts';
import { HostLoad } from './host-load';
import { listenersClosed, setListenersClosed, waitForPort } from './listener-switch';
import { countSessions, exactAccount, LOGIN_SERVICE, sessionsByAccount, totalSessions } from './sessions';
import type { DovecotSettings } from './settings';
import { UsersSync } from './users-sync';
import { dovecotVersion } from './version';
import type { ApplyContext } from '../../config-store';

export interface DovecotDriverOptions {
  role: NodeRole;
  settings: DovecotSettings;
  /** Address of the node's client listeners (the agent's --host). */
  host: string;
  /** Client listener ports to report (Dovecot's, from its configuration). */
  ports: Partial<Record<SessionProtocol, number>>;
  dataDir: string;
  /** Reported when the dovecot binary is not on this host. */
  fallbackVersion: string;
  log?: ((event: Record<string, unknown>) => void) | undefined;
}

const NO_DIRECTOR = 'no director to withdraw this backend from: start the agent with --director-doveadm-url';
const NO_USERS_DIR =
  'accounts are not provisioned on this backend: start the agent with --dovecot-users-dir and --dovecot-mail-root';
const NO_READINESS_CONF =
  "closing Dovecot's client listeners needs --dovecot-readiness-conf (a file dovecot.conf includes last)";

export class DovecotDriver implements NodeDriver {
  readonly kind = 'dovecot';
  private readonly own: DoveadmClient;
  private readonly vhosts: DirectorVhosts | undefined;
  /** Backends with a users dir: the revision's accounts become passwd-files. */
  private readonly users: UsersSync | undefined;
  private readonly hostLoad = new HostLoad();
  private version: string;
  /** Backends: last readiness the director confirmed, kept while it does not answer. */
  private lastReadiness: Readiness = 'ready';
  private drainStart: number | null = null;
  /** Backends: withdrawn at start because they had no accounts yet; put back by the first revision. */
  private heldForAccounts = false;
  /** Frontends: client listeners closed by Make Non-Ready. */
  private closed = false;
  /** Readiness changes run one at a time: a director reload takes a moment. */
  private changing: Promise<void> = Promise.resolve();

  constructor(private readonly opts: DovecotDriverOptions) {
    const s = opts.settings;
    this.own = new DoveadmClient({ url: s.doveadmUrl, apiKey: s.doveadmKey });
    const directorUrl = s.directorUrl ?? (opts.role === 'frontend' ? s.doveadmUrl : undefined);
    if (directorUrl) {
      const director = new DoveadmClient({ url: directorUrl, apiKey: s.directorKey ?? s.doveadmKey });
      this.vhosts = new DirectorVhosts(director, s.mailHost ?? opts.host, opts.dataDir);
    }
    this.version = opts.fallbackVersion;
    if (opts.role === 'backend' && s.usersDir && s.mailRoot) {
      this.users = new UsersSync({
        usersDir: s.usersDir,
        mailRoot: s.mailRoot,
        dovecotConf: s.dovecotConf,
        clusterConf: s.clusterConf,
        doveadm: this.own,
        reload: () => this.reload(),
        log: opts.log ?? (() => {}),
      });
    }
  }

  async start(): Promise<void> {
    this.version = (await dovecotVersion()) ?? this.opts.fallbackVersion;
    if (this.opts.settings.readinessConf) this.closed = await listenersClosed(this.opts.settings.readinessConf);
    // A wrong API key is a setup mistake: refuse to start rather than report a dead node.
    try {
      await this.sessionRows();
    } catch (err) {
      if (err instanceof DoveadmError && err.httpStatus === 401) throw err;
    }
    await this.holdUntilProvisioned();
  }

  /**
   * A backend with no accounts yet (fresh, or its files lost) takes no users from the director until
   * its first revision is written: otherwise the director would send it logins it can only refuse.
   * Only a backend the director would use is held (an operator's Non-Ready stays theirs).
   */
  private async holdUntilProvisioned(): Promise<void> {
    if (!this.users || !this.vhosts || !(await this.users.unprovisioned())) return;
    try {
      const me = await this.vhosts.mine();
      if (!me || me.vhosts === 0) return;
      await this.vhosts.withdrawMine();
      this.heldForAccounts = true;
      this.opts.log?.({ event: 'held-until-provisioned', reason: 'no accounts yet: withdrawn from the director' });
    } catch (err) {
      this.opts.log?.({ event: 'hold-failed', message: (err as Error).message });
    }
  }

  async stop(): Promise<void> {}

  softwareVersion(): string {
    return this.version;
  }

  capabilities(): string[] {
    if (this.opts.role === 'backend')
      return ['sessions', 'accounts-open', ...(this.vhosts ? ['drain'] : []), ...(this.users ? ['accounts'] : [])];
    return ['sessions', ...(this.opts.settings.readinessConf ? ['client-listeners'] : [])];
  }

  /** What the reference agent offers and this node cannot, with why. */
  unsupported(): UnsupportedFeature[] {
    const list: UnsupportedFeature[] = [
      { feature: 'session-counters', reason: 'doveadm lists open sessions, not how earlier ones ended' },
      { feature: 'alerts', reason: 'Dovecot has no way to show a cluster alert to its users' },
    ];
    if (this.opts.role === 'backend') {
      list.push({
        feature: 'cluster-election',
        reason: "Dovecot's director assigns users to backends; backends elect no Controller",
      });
      if (!this.vhosts)
        list.push({ feature: 'readiness', reason: NO_DIRECTOR }, { feature: 'drain', reason: NO_DIRECTOR });
      if (!this.users) list.push({ feature: 'accounts', reason: NO_USERS_DIR });
    } else if (!this.opts.settings.readinessConf) {
      list.push({ feature: 'readiness', reason: NO_READINESS_CONF });
    }
    return list;
  }

  async status(): Promise<DriverStatus> {
    const [rows, throttled, me] = await Promise.all([
      this.sessionRows(),
      this.throttledServices(),
      // The director not answering must not hide the node's own sessions.
      this.opts.role === 'backend' && this.vhosts ? this.vhosts.mine().catch(() => undefined) : undefined,
    ]);
    const sessions = countSessions(rows);
    const total = totalSessions(sessions);
    const readiness =
      this.opts.role === 'frontend' ? (this.closed ? 'non-ready' : 'ready') : this.backendReadiness(me, total);
    const withdrawn = readiness === 'draining' || readiness === 'drained';
    if (!withdrawn) this.drainStart = null;
    else this.drainStart ??= total;
    const listeners = Object.entries(this.opts.ports)
      .filter(([, port]) => port !== undefined && port > 0)
      .map(([protocol, port]) => ({
        protocol: protocol as SessionProtocol,
        port: port!,
        open: !this.closed && !throttled.has(LOGIN_SERVICE[protocol as SessionProtocol] ?? ''),
      }));
    return {
      readiness,
      drain: withdrawn ? { sessionsAtStart: Math.max(this.drainStart ?? 0, total), sessionsRemaining: total } : null,
      load: {
        cpuPercent: this.hostLoad.cpuPercent(),
        memory: this.hostLoad.memory(),
        disk: this.hostLoad.disk(this.opts.settings.mailRoot ?? this.opts.dataDir),
        sessions,
        // Frontends only proxy: they never open mailboxes.
        accountsOpen: this.opts.role === 'backend' ? new Set(rows.map((r) => r.username.toLowerCase())).size : 0,
      },
      listeners,
    };
  }

  setReady(ready: boolean): Promise<void> {
    const change = this.changing.then(() =>
      this.opts.role === 'backend' ? this.setBackendReady(ready) : this.setFrontendReady(ready),
    );
    this.changing = change.catch(() => undefined);
    return change;
  }

  async endSessions(): Promise<number> {
    const before = (await this.sessionRows()).length;
    if (before === 0) return 0;
    if (this.opts.role === 'backend') {
      // The flush kicks the director's users off this backend and forgets where they were, so a
      // withdrawn backend's users reconnect elsewhere; the kick ends what did not come through the director.
      // A director that does not answer must not stop the kick: that ends the sessions all the same.
      await this.vhosts?.flush().catch(() => undefined);
      await this.own.unlessNothing('kick', { mask: ['*'] });
    } else {
      const users = [...new Set((await this.own.proxyList()).map((r) => r.username))];
      if (users.length > 0) await this.own.unlessNothing('proxyKick', { user: users });
    }
    return Math.max(0, before - (await this.settle(async () => (await this.sessionRows()).length)));
  }

  async accountSessions(addresses: string[]): Promise<Map<string, SessionCounts>> {
    return sessionsByAccount(await this.sessionRows(), addresses);
  }

  async endAccountSessions(address: string): Promise<number> {
    const account = exactAccount(address).toLowerCase();
    const count = async () => (await this.sessionRows()).filter((r) => r.username.toLowerCase() === account).length;
    const before = await count();
    if (before === 0) return 0;
    if (this.opts.role === 'backend') await this.own.unlessNothing('kick', { mask: [address] });
    else await this.own.unlessNothing('proxyKick', { user: [address] });
    return Math.max(0, before - (await this.settle(count)));
  }

  /**
   * Applies Dovecot's configuration without dropping sessions (needs shutdown_clients = no). A
   * director restarts on reload and forgets the vhost counts set at run time: they are put back.
   */
  async reload(): Promise<void> {
    const director = this.opts.role === 'frontend' ? this.vhosts : undefined;
    const snapshot = await director?.snapshot().catch(() => undefined);
    await this.own.call('reload', {}, z.unknown());
    if (director && snapshot) await director.restore(snapshot);
  }

  /**
   * A new configuration revision. A backend writes its accounts into passwd-files (and the cluster
   * defaults into its include, reloading only when that changed); a director holds no account data
   * (its passdb is static), so the revision is only recorded there.
   */
  async holdsConfig(): Promise<boolean> {
    return !(await this.users?.unprovisioned());
  }

  async applyConfig(snapshot: ConfigSnapshot, context: ApplyContext): Promise<void> {
    await this.users?.apply(snapshot, context);
    if (this.heldForAccounts && this.vhosts) {
      await this.vhosts.restoreMine();
      this.heldForAccounts = false;
      this.opts.log?.({ event: 'provisioned', revision: snapshot.revision });
    }
  }

  private sessionRows(): Promise<Array<WhoRow | ProxyRow>> {
    return this.opts.role === 'backend' ? this.own.who() : this.own.proxyList();
  }

  /** Login services the master is throttling after repeated failures: their listeners do not serve. */
  private async throttledServices(): Promise<Set<string>> {
    const services = Object.keys(this.opts.ports).flatMap((p) => LOGIN_SERVICE[p as SessionProtocol] ?? []);
    if (services.length === 0) return new Set();
    const rows = await this.own.call('serviceStatus', { service: services }, z.array(ZServiceRow));
    return new Set(rows.filter((r) => Number(r.throttle_secs ?? 0) > 0).map((r) => r.name));
  }

  /** `me`: null = the director does not list this backend; undefined = the director did not answer. */
  private backendReadiness(me: { vhosts: number; up: boolean } | null | undefined, sessions: number): Readiness {
    if (!this.vhosts) return 'ready';
    if (me !== undefined) this.lastReadiness = me && me.vhosts > 0 && me.up ? 'ready' : 'draining';
    if (this.lastReadiness === 'ready') return 'ready';
    return sessions > 0 ? 'draining' : 'drained';
  }

  private async setBackendReady(ready: boolean): Promise<void> {
    if (!this.vhosts) throw new Error(NO_DIRECTOR);
    const before = (await this.sessionRows()).length;
    if (ready) await this.vhosts.restoreMine();
    else await this.vhosts.withdrawMine();
    this.heldForAccounts = false;
    this.lastReadiness = ready ? 'ready' : 'draining';
    this.drainStart = ready ? null : (this.drainStart ?? before);
  }

  private async setFrontendReady(ready: boolean): Promise<void> {
    const file = this.opts.settings.readinessConf;
    if (!file) throw new Error(NO_READINESS_CONF);
    if (this.closed === !ready && (await listenersClosed(file)) === !ready) return;
    await setListenersClosed(file, !ready);
    try {
      await this.reload();
    } catch (err) {
      await setListenersClosed(file, this.closed);
      throw err;
    }
    this.closed = !ready;
    // The master re-binds its sockets after the reload returns: answer once clients see the change.
    const host = this.opts.host === '0.0.0.0' || this.opts.host === '::' ? '127.0.0.1' : this.opts.host;
    for (const [protocol, port] of Object.entries(this.opts.ports)) {
      if (!port || (await waitForPort(host, port, ready))) continue;
      throw new Error(`the ${protocol} port ${host}:${port} is still ${ready ? 'closed' : 'open'} after the reload`);
    }
  }

  /** Kicked sessions take a moment to close: the count once it reaches 0, or after 3 s. */
  private async settle(count: () => Promise<number>): Promise<number> {
    const deadline = Date.now() + 3000;
    for (;;) {
      const n = await count();
      if (n === 0 || Date.now() > deadline) return n;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
