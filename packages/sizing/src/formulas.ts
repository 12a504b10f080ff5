/** The CommuniGate Pro cluster formulas (seeds 001 and 002) and growth, as plain functions. */
import { PROTOCOLS, SESSION_WEIGHTS, type Protocol } from './assumptions';

/**
 * PWD channels to add on the Cluster Controller (001, "Configuring Backend Servers"). Each member
 * opens 2 PWD connections to the Controller, so the minimum is 2 × (backends + frontends); members
 * open more for administrator and user requests, so CGP recommends 5 × backends + 3 × frontends.
 */
export function controllerChannels(backends: number, frontends: number): { recommended: number; minimum: number } {
  return { recommended: 5 * backends + 3 * frontends, minimum: 2 * (backends + frontends) };
}

/**
 * Average inter-server connections of a symmetric Static Cluster (002): M·(N−1)/N, where
 * M = external (user) access connections (POP, IMAP, HTTP) and N = servers in the cluster. Each
 * account lives on one host server, so a session landing on any of the other N−1 servers is relayed.
 */
export function staticSymmetricConnections(m: number, n: number): number {
  return n <= 0 ? 0 : (m * (n - 1)) / n;
}

/**
 * Average inter-server connections of a symmetric Dynamic Cluster (002): M·(N−1)/N · A/T, where
 * T = total accounts in Shared Domains and A = average accounts opened on each server. Any server
 * opens a free account itself; only accounts already open elsewhere (share A/T) are relayed.
 * For large ISP and portal sites CGP puts A/T at no more than 1:100.
 */
export function dynamicSymmetricConnections(m: number, n: number, a: number, t: number): number {
  return t <= 0 ? 0 : (staticSymmetricConnections(m, n) * a) / t;
}

/** Compound growth over the horizon: (1 + p/100)^years. */
export function growthFactor(percentPerYear: number, years: number): number {
  return (1 + percentPerYear / 100) ** years;
}

/** `n` grown for `years`, rounded up to whole units (the epsilon keeps 1210.0000000002 at 1210). */
export function grow(n: number, percentPerYear: number, years: number): number {
  return Math.ceil(n * growthFactor(percentPerYear, years) - 1e-6);
}

export type SessionMix = Readonly<Record<Protocol, number>>;

/** Share of sessions (0..1) that use one of `protocols`, from a mix in percent. */
export function mixShare(mix: SessionMix, protocols: readonly Protocol[]): number {
  return protocols.reduce((sum, p) => sum + mix[p], 0) / 100;
}

/**
 * IMAP-equivalent cost of one average session of `protocols` in this mix. Per-server capacity in
 * real sessions is then SESSIONS_PER_X / cost; only the listed protocols count.
 */
export function sessionCost(mix: SessionMix, protocols: readonly Protocol[] = PROTOCOLS): number {
  const share = mixShare(mix, protocols);
  if (share === 0) return 1;
  return protocols.reduce((sum, p) => sum + (mix[p] / 100) * SESSION_WEIGHTS[p], 0) / share;
}
