// A stand-in mail server with an honest workload model: sessions arrive as a
// Poisson process per protocol, last a randomised time (long-tailed for IMAP
// and webmail, short for POP and SMTP), and belong to accounts from a skewed
// pool so some users hold several sessions. CPU and memory follow from the
// open sessions plus noise, so the figures move every tick like a real node.
import type { Drain, Listener, NodeLoad, NodeRole, Readiness, SessionCounts, SessionProtocol } from '@cc/node-api';
import { SESSION_PROTOCOLS } from '@cc/node-api';
import type { DriverStatus, NodeDriver } from './driver';
import { exponential, lognormal, mulberry32, normal, poisson, randomSeed, type Rng } from './random';

export type DurationModel =
  { kind: 'exponential'; meanSeconds: number } | { kind: 'lognormal'; medianSeconds: number; sigma: number };

export interface ProtocolProfile {
  arrivalsPerSecond: number;
  duration: DurationModel;
  /** CPU percent one open session costs. */
  cpuPerSession: number;
}

/**
 * Steady state is arrivals x mean duration (Little's law): roughly 110 IMAP,
 * 3 POP, 6 SMTP and 30 webmail sessions, i.e. ~150 per node at scale 1.
 */
export const DEFAULT_PROFILES: Record<SessionProtocol, ProtocolProfile> = {
  imap: { arrivalsPerSecond: 1.5, duration: { kind: 'lognormal', medianSeconds: 45, sigma: 1 }, cpuPerSession: 0.18 },
  pop: { arrivalsPerSecond: 0.4, duration: { kind: 'exponential', meanSeconds: 8 }, cpuPerSession: 0.3 },
  smtp: { arrivalsPerSecond: 2, duration: { kind: 'exponential', meanSeconds: 3 }, cpuPerSession: 0.8 },
  http: { arrivalsPerSecond: 0.4, duration: { kind: 'lognormal', medianSeconds: 60, sigma: 0.8 }, cpuPerSession: 0.25 },
};

const NOMINAL_PORTS: Record<SessionProtocol, number> = { imap: 143, pop: 110, smtp: 25, http: 80 };
const MiB = 1024 * 1024;

export interface SimulatedDriverOptions {
  role: NodeRole;
  softwareVersion: string;
  seed?: number | undefined;
  /** Multiplies every arrival rate (1 = ~150 sessions). */
  scale?: number;
  profiles?: Partial<Record<SessionProtocol, ProtocolProfile>>;
  /** Size of the account pool sessions are drawn from. */
  accounts?: number;
  /** Wall-clock interval of one simulated second. */
  tickMs?: number;
}

interface Session {
  protocol: SessionProtocol;
  account: string;
  endsAt: number; // simulated seconds
}

export class SimulatedDriver implements NodeDriver {
  readonly kind = 'simulated';
  private readonly rng: Rng;
  private readonly profiles: Record<SessionProtocol, ProtocolProfile>;
  private readonly scale: number;
  private readonly accounts: number;
  private readonly tickMs: number;
  /** Demand swings over ~5 simulated minutes; random phase per node. */
  private readonly phase: number;
  private sessions: Session[] = [];
  private now = 0;
  private readiness: Readiness = 'non-ready';
  private drain: Drain | null = null;
  private load: NodeLoad;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: SimulatedDriverOptions) {
    this.rng = mulberry32(opts.seed ?? randomSeed());
    this.profiles = { ...DEFAULT_PROFILES, ...opts.profiles };
    this.scale = opts.scale ?? 1;
    this.accounts = opts.accounts ?? 1000;
    this.tickMs = opts.tickMs ?? 1000;
    this.phase = this.rng() * 2 * Math.PI;
    this.load = this.measure();
  }

  async start(): Promise<void> {
    // Start at steady state so a demo node shows realistic numbers at once.
    for (const protocol of SESSION_PROTOCOLS) {
      const p = this.profiles[protocol];
      const expected = p.arrivalsPerSecond * this.scale * meanDuration(p.duration);
      for (let i = poisson(this.rng, expected); i > 0; i--) this.open(protocol);
    }
    this.readiness = 'ready';
    this.load = this.measure();
    this.timer ??= setInterval(() => this.advance(1), this.tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.readiness = 'non-ready';
  }

  softwareVersion(): string {
    return this.opts.softwareVersion;
  }

  capabilities(): string[] {
    return this.opts.role === 'backend' ? ['sessions', 'accounts-open'] : ['sessions'];
  }

  async status(): Promise<DriverStatus> {
    const open = this.readiness === 'ready';
    const listeners: Listener[] = SESSION_PROTOCOLS.map((protocol) => ({
      protocol,
      port: NOMINAL_PORTS[protocol],
      open,
    }));
    return {
      readiness: this.readiness,
      drain: this.drain && { ...this.drain },
      load: structuredClone(this.load),
      listeners,
    };
  }

  async setReady(ready: boolean): Promise<void> {
    if (ready) {
      this.readiness = 'ready';
      this.drain = null;
    } else if (this.readiness === 'ready' || this.readiness === 'non-ready') {
      this.drain = { sessionsAtStart: this.sessions.length, sessionsRemaining: this.sessions.length };
      this.readiness = 'draining';
      this.updateDrain();
    }
  }

  async endSessions(): Promise<number> {
    const ended = this.sessions.length;
    this.sessions = [];
    this.updateDrain();
    this.load = this.measure();
    return ended;
  }

  /** One simulation step; public so tests can run time without waiting. */
  advance(seconds: number): void {
    for (let s = 0; s < seconds; s++) {
      this.now += 1;
      this.sessions = this.sessions.filter((x) => x.endsAt > this.now);
      if (this.readiness === 'ready') {
        const demand = 1 + 0.35 * Math.sin((2 * Math.PI * this.now) / 300 + this.phase);
        for (const protocol of SESSION_PROTOCOLS) {
          const rate = this.profiles[protocol].arrivalsPerSecond * this.scale * demand;
          for (let i = poisson(this.rng, rate); i > 0; i--) this.open(protocol);
        }
      }
    }
    this.updateDrain();
    this.load = this.measure();
  }

  private open(protocol: SessionProtocol): void {
    // u^2 skews towards low account numbers: a few busy users, a long tail.
    const account = `user${Math.floor(this.accounts * this.rng() ** 2) + 1}@example.com`;
    const duration = Math.max(1, sample(this.rng, this.profiles[protocol].duration));
    this.sessions.push({ protocol, account, endsAt: this.now + duration });
  }

  private updateDrain(): void {
    if (!this.drain) return;
    this.drain.sessionsRemaining = this.sessions.length;
    if (this.sessions.length === 0 && this.readiness === 'draining') this.readiness = 'drained';
  }

  private measure(): NodeLoad {
    const sessions: SessionCounts = { imap: 0, pop: 0, smtp: 0, http: 0 };
    const accounts = new Set<string>();
    let cpu = 3;
    for (const s of this.sessions) {
      sessions[s.protocol]++;
      accounts.add(s.account);
      cpu += this.profiles[s.protocol].cpuPerSession;
    }
    // Frontends only proxy: they never open mailboxes.
    const accountsOpen = this.opts.role === 'backend' ? accounts.size : 0;
    cpu += 2 * normal(this.rng);
    const totalBytes = 8192 * MiB;
    const usedBytes = Math.round(
      600 * MiB + this.sessions.length * 3 * MiB + accountsOpen * 1.5 * MiB + 20 * MiB * normal(this.rng),
    );
    return {
      cpuPercent: Math.round(Math.min(100, Math.max(0, cpu)) * 10) / 10,
      memory: { usedBytes: Math.min(totalBytes, Math.max(0, usedBytes)), totalBytes },
      sessions,
      accountsOpen,
    };
  }
}

function meanDuration(d: DurationModel): number {
  return d.kind === 'exponential' ? d.meanSeconds : d.medianSeconds * Math.exp((d.sigma * d.sigma) / 2);
}

function sample(rng: Rng, d: DurationModel): number {
  return d.kind === 'exponential' ? exponential(rng, d.meanSeconds) : lognormal(rng, d.medianSeconds, d.sigma);
}
