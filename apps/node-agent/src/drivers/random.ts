// Small seeded random toolkit for the simulation. With a seed the whole
// session history is reproducible, which the tests rely on.
import { randomBytes } from 'node:crypto';

/** Uniform in [0, 1). */
export type Rng = () => number;

/** mulberry32: tiny, fast, good enough statistical quality for a simulation. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomSeed(): number {
  return randomBytes(4).readUInt32LE(0);
}

/** Standard normal via Box-Muller (one value per call keeps the sequence simple). */
export function normal(rng: Rng): number {
  const u = 1 - rng(); // (0, 1], avoids log(0)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

export function exponential(rng: Rng, mean: number): number {
  return -mean * Math.log(1 - rng());
}

export function lognormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(rng));
}

/** Poisson-distributed count; normal approximation once lambda is large. */
export function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal(rng)));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}
