// The simulated workload: per-protocol arrival rates and session lengths.
// Shared by a node's own arrivals and by the Controller, which draws the
// arrivals of the whole backend tier and places them on backends.
import type { PlaceSessionRequest, SessionProtocol } from '@cc/node-api';
import { SESSION_PROTOCOLS } from '@cc/node-api';
import { exponential, lognormal, poisson, type Rng } from './random';

export type DurationModel =
  | { kind: 'exponential'; meanSeconds: number }
  | { kind: 'lognormal'; medianSeconds: number; sigma: number }
  | { kind: 'uniform'; minSeconds: number; maxSeconds: number };

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

/** A session about to start: what the Controller sends to a backend. */
export type NewSession = PlaceSessionRequest;

export interface WorkloadOptions {
  profiles?: Partial<Record<SessionProtocol, ProtocolProfile>>;
  /** Every session lasts 0.5-1.5 times this (uniform), so a drain ends within 1.5x: for demos and tests. */
  meanSessionMs?: number | undefined;
  /** Multiplies every arrival rate. */
  scale?: number | undefined;
  /** Size of the account pool sessions are drawn from. */
  accounts?: number | undefined;
}

export class Workload {
  readonly profiles: Record<SessionProtocol, ProtocolProfile>;
  private readonly scale: number;
  private readonly accounts: number;
  /** Demand swings over ~5 simulated minutes; random phase per node. */
  private readonly phase: number;

  constructor(
    private readonly rng: Rng,
    opts: WorkloadOptions = {},
  ) {
    const profiles = { ...DEFAULT_PROFILES, ...opts.profiles };
    if (opts.meanSessionMs !== undefined) {
      const mean = opts.meanSessionMs / 1000;
      const duration: DurationModel = { kind: 'uniform', minSeconds: mean / 2, maxSeconds: mean * 1.5 };
      for (const p of SESSION_PROTOCOLS) profiles[p] = { ...profiles[p], duration };
    }
    this.profiles = profiles;
    this.scale = opts.scale ?? 1;
    this.accounts = opts.accounts ?? 1000;
    this.phase = rng() * 2 * Math.PI;
  }

  /** The sessions a node would hold in steady state, to start a demo with realistic numbers. */
  steadyState(): NewSession[] {
    return SESSION_PROTOCOLS.flatMap((protocol) => {
      const p = this.profiles[protocol];
      return this.sessions(protocol, p.arrivalsPerSecond * this.scale * meanDuration(p.duration));
    });
  }

  /** Arrivals over `seconds` at simulated time `now`, for `nodes` nodes' worth of demand. */
  arrivals(now: number, seconds: number, nodes = 1): NewSession[] {
    const demand = 1 + 0.35 * Math.sin((2 * Math.PI * now) / 300 + this.phase);
    return SESSION_PROTOCOLS.flatMap((protocol) =>
      this.sessions(protocol, this.profiles[protocol].arrivalsPerSecond * this.scale * demand * nodes * seconds),
    );
  }

  private sessions(protocol: SessionProtocol, expected: number): NewSession[] {
    const out: NewSession[] = [];
    for (let i = poisson(this.rng, expected); i > 0; i--) {
      // u^2 skews towards low account numbers: a few busy users, a long tail.
      const account = `user${Math.floor(this.accounts * this.rng() ** 2) + 1}@example.com`;
      const seconds = sample(this.rng, this.profiles[protocol].duration);
      out.push({ protocol, account, durationMs: Math.max(1, Math.round(seconds * 1000)) });
    }
    return out;
  }
}

function meanDuration(d: DurationModel): number {
  if (d.kind === 'exponential') return d.meanSeconds;
  if (d.kind === 'uniform') return (d.minSeconds + d.maxSeconds) / 2;
  return d.medianSeconds * Math.exp((d.sigma * d.sigma) / 2);
}

function sample(rng: Rng, d: DurationModel): number {
  if (d.kind === 'exponential') return exponential(rng, d.meanSeconds);
  if (d.kind === 'uniform') return d.minSeconds + (d.maxSeconds - d.minSeconds) * rng();
  return lognormal(rng, d.medianSeconds, d.sigma);
}
