// A stand-in mail server with an honest workload model: sessions arrive as a
// Poisson process per protocol, last a randomised time (long-tailed for IMAP
// and webmail, short for POP and SMTP), and belong to accounts from a skewed
// pool so some users hold several sessions. CPU and memory follow from the
// open sessions plus noise, so the figures move every tick like a real node.
// Frontends also open real TCP client listeners (see client-listeners.ts);
// backends in a cluster get their sessions placed by the Controller.
import type {
  Drain,
  Listener,
  NodeLoad,
  NodeRole,
  PlaceSessionRequest,
  Readiness,
  SessionCounters,
  SessionCounts,
  SessionProtocol,
} from '@cc/node-api';
import { SESSION_PROTOCOLS } from '@cc/node-api';
import { ClientListeners } from './client-listeners';
import type { DriverStatus, NodeDriver, SessionPlacement } from './driver';
import { mulberry32, normal, randomSeed, type Rng } from './random';
import { Workload, type ProtocolProfile } from './workload';

export { DEFAULT_PROFILES, type DurationModel, type ProtocolProfile } from './workload';

const NOMINAL_PORTS: Record<SessionProtocol, number> = { imap: 143, pop: 110, smtp: 25, http: 80 };
const MiB = 1024 * 1024;

export interface SimulatedDriverOptions {
  role: NodeRole;
  softwareVersion: string;
  seed?: number | undefined;
  /** Multiplies every arrival rate (1 = ~150 sessions). */
  scale?: number | undefined;
  profiles?: Partial<Record<SessionProtocol, ProtocolProfile>>;
  /** Every session lasts 0.5-1.5x this, for short demos and tests. */
  meanSessionMs?: number | undefined;
  /** Stands in for a mail server that keeps every account: declares the 'accounts' capability. */
  keepsAccountSet?: boolean | undefined;
  /** Size of the account pool sessions are drawn from. */
  accounts?: number;
  /** Wall-clock interval of one simulated second. */
  tickMs?: number;
  /** After an upgrade restart: start withdrawn and empty (false), and carry the counters on. */
  startReady?: boolean | undefined;
  sessionCounters?: SessionCounters | undefined;
  /** Open real client listeners (frontends). */
  listen?:
    { host: string; ports?: Partial<Record<SessionProtocol, number>> | undefined; serverName: string } | undefined;
}

/** The simulated node's mail file system. */
const DISK_BYTES = 512 * 1024 * MiB;

interface Session {
  protocol: SessionProtocol;
  account: string;
  endsAt: number; // simulated seconds
}

export class SimulatedDriver implements NodeDriver, SessionPlacement {
  readonly kind = 'simulated';
  readonly upgradable = true; // it reports whatever version it is started with
  private readonly rng: Rng;
  private readonly workload: Workload;
  private readonly tickMs: number;
  private readonly clients: ClientListeners | undefined;
  private sessions: Session[] = [];
  private now = 0;
  private readiness: Readiness = 'non-ready';
  private drain: Drain | null = null;
  private load: NodeLoad;
  private readonly counters: SessionCounters;
  private tierArrivals = false;
  private timer: NodeJS.Timeout | undefined;
  /** Readiness changes run one at a time: re-opening listeners takes a moment. */
  private changing: Promise<void> = Promise.resolve();

  constructor(private readonly opts: SimulatedDriverOptions) {
    this.rng = mulberry32(opts.seed ?? randomSeed());
    this.workload = new Workload(this.rng, opts);
    this.tickMs = opts.tickMs ?? 1000;
    this.counters = { started: 0, endedNormally: 0, endedByAdmin: 0, ...opts.sessionCounters };
    if (opts.listen) {
      this.clients = new ClientListeners({
        ...opts.listen,
        onSessionStart: () => {
          this.counters.started++;
          this.load = this.measure();
        },
        onSessionEnd: () => {
          this.counters.endedNormally++;
          this.load = this.measure();
        },
      });
    }
    this.load = this.measure();
  }

  get placement(): SessionPlacement | undefined {
    return this.opts.role === 'backend' ? this : undefined;
  }

  async start(): Promise<void> {
    if (this.opts.startReady === false) {
      // Withdrawn and empty, as the node was when it restarted: listeners closed, nothing to drain.
      this.readiness = this.opts.role === 'backend' ? 'drained' : 'non-ready';
      this.drain = this.opts.role === 'backend' ? { sessionsAtStart: 0, sessionsRemaining: 0 } : null;
    } else {
      await this.clients?.open();
      // Start at steady state so a demo node shows realistic numbers at once.
      for (const s of this.workload.steadyState()) this.open(s);
      this.readiness = 'ready';
    }
    this.load = this.measure();
    this.timer ??= setInterval(() => this.advance(1), this.tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.clients?.stop();
    this.readiness = 'non-ready';
  }

  softwareVersion(): string {
    return this.opts.softwareVersion;
  }

  capabilities(): string[] {
    const accounts = this.opts.keepsAccountSet ? ['accounts'] : [];
    if (this.opts.role === 'backend') return ['sessions', 'accounts-open', 'drain', ...accounts];
    return ['sessions', ...(this.clients ? ['client-listeners'] : []), ...accounts];
  }

  async status(): Promise<DriverStatus> {
    const listeners: Listener[] =
      this.clients?.listeners() ??
      SESSION_PROTOCOLS.map((protocol) => ({
        protocol,
        port: NOMINAL_PORTS[protocol],
        open: this.readiness === 'ready',
      }));
    return {
      readiness: this.readiness,
      drain: this.drain && { ...this.drain },
      // Counts are exact at every call (a session placed a moment ago shows, so a drain never appears
      // to grow); CPU and memory keep their once-per-step noise so seeded runs stay reproducible.
      load: { ...structuredClone(this.load), ...this.countSessions() },
      listeners,
      sessionCounters: { ...this.counters },
    };
  }

  setReady(ready: boolean): Promise<void> {
    const change = this.changing.then(() => this.applyReady(ready));
    this.changing = change.catch(() => undefined);
    return change;
  }

  async endSessions(): Promise<number> {
    const ended = this.sessions.length + (this.clients?.endAll() ?? 0);
    this.sessions = [];
    this.counters.endedByAdmin += ended;
    this.updateDrain();
    this.load = this.measure();
    return ended;
  }

  accountSessions(addresses: string[]): Map<string, SessionCounts> {
    const found = new Map<string, SessionCounts>();
    // Frontends only proxy: they never open mailboxes (as accountsOpen says).
    if (this.opts.role !== 'backend') return found;
    const wanted = new Set(addresses.map((a) => a.toLowerCase()));
    for (const s of this.sessions) {
      const key = s.account.toLowerCase();
      if (!wanted.has(key)) continue;
      const counts = found.get(key) ?? { imap: 0, pop: 0, smtp: 0, http: 0 };
      counts[s.protocol]++;
      found.set(key, counts);
    }
    return found;
  }

  openAccounts(): Set<string> {
    const open = new Set<string>();
    // Frontends only proxy: they never open mailboxes, so they show no alerts.
    if (this.opts.role !== 'backend') return open;
    for (const s of this.sessions) open.add(s.account.toLowerCase());
    return open;
  }

  endAccountSessions(address: string): number {
    if (this.opts.role !== 'backend') return 0;
    const key = address.toLowerCase();
    const before = this.sessions.length;
    this.sessions = this.sessions.filter((s) => s.account.toLowerCase() !== key);
    const ended = before - this.sessions.length;
    this.counters.endedByAdmin += ended;
    this.updateDrain();
    this.load = this.measure();
    return ended;
  }

  useTierArrivals(): void {
    this.tierArrivals = true;
  }

  drawArrivals(seconds: number, backends: number): PlaceSessionRequest[] {
    return this.workload.arrivals(this.now, seconds, backends);
  }

  place(session: PlaceSessionRequest, force = false): boolean {
    if (!this.accepting && !force) return false;
    this.open(session);
    // A forced session can turn 'drained' back into 'draining'.
    this.updateDrain();
    return true;
  }

  get accepting(): boolean {
    return this.readiness === 'ready';
  }

  get openSessions(): number {
    return this.sessions.length;
  }

  /** One simulation step; public so tests can run time without waiting. */
  advance(seconds: number): void {
    for (let s = 0; s < seconds; s++) {
      this.now += 1;
      const before = this.sessions.length;
      this.sessions = this.sessions.filter((x) => x.endsAt > this.now);
      this.counters.endedNormally += before - this.sessions.length;
      if (this.readiness === 'ready' && !this.tierArrivals) {
        for (const session of this.workload.arrivals(this.now, 1)) this.open(session);
      }
    }
    this.updateDrain();
    this.load = this.measure();
  }

  private async applyReady(ready: boolean): Promise<void> {
    if (ready) {
      if (this.readiness === 'ready') return;
      // Same ports as before; if one is taken meanwhile the node stays Non-Ready.
      await this.clients?.open();
      this.readiness = 'ready';
      this.drain = null;
    } else if (this.opts.role === 'frontend') {
      // Frontends just stop taking clients; their open connections are not counted down.
      this.clients?.close();
      this.readiness = 'non-ready';
    } else if (this.readiness === 'ready' || this.readiness === 'non-ready') {
      this.drain = { sessionsAtStart: this.sessions.length, sessionsRemaining: this.sessions.length };
      this.readiness = 'draining';
      this.updateDrain();
    }
  }

  private open(s: PlaceSessionRequest): void {
    this.sessions.push({ protocol: s.protocol, account: s.account, endsAt: this.now + s.durationMs / 1000 });
    this.counters.started++;
  }

  private updateDrain(): void {
    if (!this.drain) return;
    this.drain.sessionsRemaining = this.sessions.length;
    if (this.readiness === 'draining' || this.readiness === 'drained') {
      this.readiness = this.sessions.length === 0 ? 'drained' : 'draining';
    }
  }

  private countSessions(): Pick<NodeLoad, 'sessions' | 'accountsOpen'> {
    const sessions: SessionCounts = this.clients?.counts() ?? { imap: 0, pop: 0, smtp: 0, http: 0 };
    const accounts = new Set<string>();
    for (const s of this.sessions) {
      sessions[s.protocol]++;
      accounts.add(s.account);
    }
    // Frontends only proxy: they never open mailboxes.
    return { sessions, accountsOpen: this.opts.role === 'backend' ? accounts.size : 0 };
  }

  private measure(): NodeLoad {
    const { sessions, accountsOpen } = this.countSessions();
    let cpu = 3;
    let total = 0;
    for (const protocol of SESSION_PROTOCOLS) {
      cpu += sessions[protocol] * this.workload.profiles[protocol].cpuPerSession;
      total += sessions[protocol];
    }
    cpu += 2 * normal(this.rng);
    const totalBytes = 8192 * MiB;
    const usedBytes = Math.round(600 * MiB + total * 3 * MiB + accountsOpen * 1.5 * MiB + 20 * MiB * normal(this.rng));
    return {
      cpuPercent: Math.round(Math.min(100, Math.max(0, cpu)) * 10) / 10,
      memory: { usedBytes: Math.min(totalBytes, Math.max(0, usedBytes)), totalBytes },
      // Mail storage a third full, a little more for every open account: steady, as disks are.
      disk: { usedBytes: Math.round(DISK_BYTES * 0.33 + accountsOpen * 4 * MiB), totalBytes: DISK_BYTES },
      sessions,
      accountsOpen,
    };
  }
}
