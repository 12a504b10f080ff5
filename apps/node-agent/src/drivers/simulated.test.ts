import { ZNodeLoad } from '@cc/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedDriver, type SimulatedDriverOptions } from './simulated';

const drivers: SimulatedDriver[] = [];
afterEach(async () => {
  for (const d of drivers.splice(0)) await d.stop();
});

async function started(opts: Partial<SimulatedDriverOptions> = {}): Promise<SimulatedDriver> {
  // A long tick keeps the wall-clock timer out of the way; tests call advance().
  const d = new SimulatedDriver({ role: 'backend', softwareVersion: '1.0.0', seed: 42, tickMs: 60_000, ...opts });
  drivers.push(d);
  await d.start();
  return d;
}
const total = (s: { imap: number; pop: number; smtp: number; http: number }) => s.imap + s.pop + s.smtp + s.http;

describe('SimulatedDriver', () => {
  it('is reproducible with a seed', async () => {
    const a = await started();
    const b = await started();
    a.advance(30);
    b.advance(30);
    expect(await a.status()).toEqual(await b.status());
    const c = await started({ seed: 43 });
    c.advance(30);
    expect((await c.status()).load).not.toEqual((await a.status()).load);
  });

  it('keeps a demo node at tens to hundreds of sessions with plausible load', async () => {
    const d = await started();
    for (let minute = 0; minute < 10; minute++) {
      d.advance(60);
      const { load } = await d.status();
      expect(ZNodeLoad.parse(load)).toEqual(load);
      expect(total(load.sessions)).toBeGreaterThan(30);
      expect(total(load.sessions)).toBeLessThan(600);
      expect(load.sessions.imap).toBeGreaterThan(load.sessions.pop);
      // Some accounts hold several sessions.
      expect(load.accountsOpen).toBeGreaterThan(0);
      expect(load.accountsOpen).toBeLessThanOrEqual(total(load.sessions));
      expect(load.cpuPercent).toBeGreaterThan(5);
      expect(load.memory.usedBytes).toBeLessThan(load.memory.totalBytes);
    }
  });

  it('scales with the configured rate and reports no open accounts on frontends', async () => {
    const small = await started({ scale: 0.2 });
    const big = await started({ scale: 2, role: 'frontend' });
    small.advance(120);
    big.advance(120);
    const s = (await small.status()).load;
    const b = (await big.status()).load;
    expect(total(b.sessions)).toBeGreaterThan(3 * total(s.sessions));
    expect(b.accountsOpen).toBe(0);
  });

  it('drains: no new sessions, counts down, ends drained; ready again restarts arrivals', async () => {
    const d = await started();
    await d.setReady(false);
    const first = await d.status();
    expect(first.readiness).toBe('draining');
    expect(first.listeners.every((l) => !l.open)).toBe(true);
    const atStart = first.drain!.sessionsAtStart;
    expect(atStart).toBeGreaterThan(0);
    d.advance(5);
    const mid = (await d.status()).drain!;
    expect(mid.sessionsRemaining).toBeLessThanOrEqual(atStart);
    expect(mid.sessionsAtStart).toBe(atStart);
    d.advance(3600);
    const end = await d.status();
    expect(end.readiness).toBe('drained');
    expect(end.drain).toEqual({ sessionsAtStart: atStart, sessionsRemaining: 0 });
    expect(total(end.load.sessions)).toBe(0);
    await d.setReady(true);
    d.advance(10);
    const again = await d.status();
    expect(again).toMatchObject({ readiness: 'ready', drain: null });
    expect(total(again.load.sessions)).toBeGreaterThan(0);
  });

  it('endSessions closes everything at once and finishes a drain', async () => {
    const d = await started();
    await d.setReady(false);
    const ended = await d.endSessions();
    expect(ended).toBeGreaterThan(0);
    const s = await d.status();
    expect(s.readiness).toBe('drained');
    expect(s.drain?.sessionsRemaining).toBe(0);
  });

  it('counts every session start and end: started = endedNormally + endedByAdmin + open', async () => {
    const d = await started();
    const check = async () => {
      const { load, sessionCounters: c } = await d.status();
      expect(c!.started).toBe(c!.endedNormally + c!.endedByAdmin + total(load.sessions));
      return c!;
    };
    expect((await check()).started).toBeGreaterThan(0);
    d.advance(120);
    const mid = await check();
    expect(mid.endedNormally).toBeGreaterThan(0);
    const kicked = await d.endSessions();
    expect((await check()).endedByAdmin).toBe(kicked);
  });

  it('counts sessions per open account and ends one account, case-insensitively', async () => {
    const d = await started();
    const everyone = Array.from({ length: 1000 }, (_, i) => `User${i + 1}@Example.com`);
    const open = d.accountSessions(everyone);
    const { load } = await d.status();
    // Every open session belongs to exactly one listed account, keyed in lowercase.
    expect(open.size).toBe(load.accountsOpen);
    expect([...open.values()].reduce((n, c) => n + total(c), 0)).toBe(total(load.sessions));
    for (const key of open.keys()) expect(key).toBe(key.toLowerCase());
    const [address, counts] = [...open.entries()].reduce((x, y) => (total(y[1]) > total(x[1]) ? y : x));
    expect(d.accountSessions([address.toUpperCase(), 'nobody@example.com'])).toEqual(new Map([[address, counts]]));

    await d.setReady(false);
    const atStart = d.openSessions;
    expect(d.endAccountSessions(address.toUpperCase())).toBe(total(counts));
    expect(d.accountSessions([address])).toEqual(new Map());
    const after = await d.status();
    expect(after.drain).toEqual({ sessionsAtStart: atStart, sessionsRemaining: atStart - total(counts) });
    expect(after.sessionCounters!.endedByAdmin).toBe(total(counts));
    expect(total(after.load.sessions)).toBe(atStart - total(counts));
    expect(d.endAccountSessions(address)).toBe(0);
  });

  it('finds no open accounts on a frontend', async () => {
    const d = await started({ role: 'frontend' });
    expect(d.openSessions).toBeGreaterThan(0);
    const everyone = Array.from({ length: 1000 }, (_, i) => `user${i + 1}@example.com`);
    expect(d.accountSessions(everyone).size).toBe(0);
    expect(everyone.reduce((n, a) => n + d.endAccountSessions(a), 0)).toBe(0);
  });

  it('in tier mode takes sessions only from place(), and refuses them unless Ready or forced', async () => {
    const d = await started({ meanSessionMs: 60_000 });
    d.useTierArrivals();
    const before = d.openSessions;
    d.advance(5);
    expect(d.openSessions).toBeLessThanOrEqual(before);
    const session = { protocol: 'imap' as const, account: 'a@example.com', durationMs: 2500 };
    const open = d.openSessions;
    expect(d.place(session)).toBe(true);
    expect(d.openSessions).toBe(open + 1);
    await d.setReady(false);
    expect(d.accepting).toBe(false);
    const remaining = d.openSessions;
    expect(d.place(session)).toBe(false);
    expect(d.openSessions).toBe(remaining);
    await d.endSessions();
    expect((await d.status()).readiness).toBe('drained');
    // A lone Controller keeps serving: the forced session reopens the drain.
    expect(d.place(session, true)).toBe(true);
    expect(await d.status()).toMatchObject({ readiness: 'draining', drain: { sessionsRemaining: 1 } });
    d.advance(3);
    expect((await d.status()).readiness).toBe('drained');
  });

  it('draws tier arrivals in proportion to the number of backends', async () => {
    const d = await started();
    const count = (backends: number) => {
      let n = 0;
      for (let i = 0; i < 200; i++) n += d.drawArrivals(1, backends).length;
      return n;
    };
    const one = count(1);
    const three = count(3);
    expect(three / one).toBeGreaterThan(2.5);
    expect(three / one).toBeLessThan(3.5);
    for (const s of d.drawArrivals(10, 1)) expect(s.durationMs).toBeGreaterThanOrEqual(1);
  });

  it('shortens sessions with meanSessionMs so a drain finishes within 1.5x of it', async () => {
    const d = await started({ meanSessionMs: 4000 });
    expect(d.openSessions).toBeLessThan(40);
    for (const s of d.drawArrivals(60, 1)) {
      expect(s.durationMs).toBeGreaterThanOrEqual(2000);
      expect(s.durationMs).toBeLessThanOrEqual(6000);
    }
    d.advance(3);
    await d.setReady(false);
    d.advance(6);
    expect((await d.status()).readiness).toBe('drained');
  });

  it('makes a frontend non-ready without a drain; its sessions run on', async () => {
    const d = await started({ role: 'frontend' });
    const atStart = d.openSessions;
    await d.setReady(false);
    await d.setReady(false); // idempotent
    expect(await d.status()).toMatchObject({ readiness: 'non-ready', drain: null });
    d.advance(2);
    expect(d.openSessions).toBeGreaterThan(0);
    expect(d.openSessions).toBeLessThanOrEqual(atStart);
    await d.setReady(true);
    expect(await d.status()).toMatchObject({ readiness: 'ready', drain: null });
  });

  it('after an upgrade restart starts withdrawn and empty, carrying the counters on', async () => {
    const sessionCounters = { started: 40, endedNormally: 30, endedByAdmin: 2 };
    const backend = await started({ startReady: false, sessionCounters });
    expect(await backend.status()).toMatchObject({
      readiness: 'drained',
      drain: { sessionsAtStart: 0, sessionsRemaining: 0 },
      sessionCounters,
    });
    backend.advance(5);
    expect(total((await backend.status()).load.sessions)).toBe(0);
    await backend.setReady(true);
    backend.advance(5);
    expect((await backend.status()).sessionCounters!.started).toBeGreaterThan(40);
    const frontend = await started({ role: 'frontend', startReady: false });
    expect(await frontend.status()).toMatchObject({ readiness: 'non-ready', drain: null });
  });
});
