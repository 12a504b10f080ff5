import type { Alert } from '@cc/node-api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AlertBoard, type AlertBoardOptions } from './alerts';
import { SimulatedDriver } from './drivers/simulated';

const T = Date.parse('2026-03-01T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const alert = (id: string, patch: Partial<Alert> = {}): Alert => ({
  id,
  scope: 'cluster',
  target: null,
  text: `Alert ${id}`,
  severity: 'warning',
  postedAt: iso(T - 60_000),
  startsAt: null,
  expiresAt: null,
  ...patch,
});

/** A board over a mutable alert list, open-account set and clock, as the agent wires it. */
function board(alerts: Alert[], open: Iterable<string> = [], opts: Partial<AlertBoardOptions> = {}) {
  const world = { alerts, open: new Set(open), now: T };
  const b = new AlertBoard({
    alerts: () => world.alerts,
    openAccounts: () => world.open,
    now: () => world.now,
    ...opts,
  });
  const shown = () => Object.fromEntries(b.deliveries().map((d) => [d.id, d.shownTo]));
  return { b, world, shown };
}

const boards: AlertBoard[] = [];
const drivers: SimulatedDriver[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const b of boards.splice(0)) b.stop();
  for (const d of drivers.splice(0)) await d.stop();
});

describe('AlertBoard', () => {
  it('shows each alert to the open accounts in its scope, case-insensitively', () => {
    const open = ['ann@example.com', 'bob@example.com', 'cid@example.org', 'dan@sub.example.com', 'Eve@Example.ORG'];
    const { b, shown } = board(
      [
        alert('all'),
        alert('com', { scope: 'domain', target: 'EXAMPLE.com' }),
        alert('org', { scope: 'domain', target: 'example.org' }),
        alert('bob', { scope: 'account', target: 'Bob@Example.COM' }),
        alert('other', { scope: 'domain', target: 'example.net' }),
        alert('nobody', { scope: 'account', target: 'zed@example.com' }),
        // A scoped alert without a target reaches no one; a cluster alert ignores its target.
        alert('no-target', { scope: 'domain', target: null }),
        alert('all-2', { target: 'example.net' }),
      ],
      open,
    );
    expect(shown()).toEqual({ all: 5, com: 2, org: 2, bob: 1, other: 0, nobody: 0, 'no-target': 0, 'all-2': 5 });
    expect(b.deliveries().every((d) => d.active)).toBe(true);
  });

  it('shows an alert only from its start (inclusive) until its expiry (exclusive), by the node clock', () => {
    const window = alert('window', { startsAt: iso(T + 1000), expiresAt: iso(T + 2000) });
    const expired = alert('expired', { startsAt: iso(T - 5000), expiresAt: iso(T) });
    const { b, world, shown } = board([window, expired], ['ann@example.com']);
    expect(b.deliveries()).toEqual([
      { id: 'window', active: false, shownTo: 0 },
      { id: 'expired', active: false, shownTo: 0 },
    ]);
    world.now = T + 999;
    expect(shown()).toEqual({ window: 0, expired: 0 });
    world.now = T + 1000;
    expect(b.deliveries()[0]).toEqual({ id: 'window', active: true, shownTo: 1 });
    world.open.add('bob@example.com');
    world.now = T + 1999;
    expect(shown()).toEqual({ window: 2, expired: 0 });
    // Expired: no new accounts, but the ones it reached still count.
    world.now = T + 2000;
    world.open.add('cid@example.com');
    expect(b.deliveries()[0]).toEqual({ id: 'window', active: false, shownTo: 2 });
  });

  it('counts distinct accounts over time: one that leaves and comes back counts once', () => {
    const { world, shown } = board([alert('a')], ['ann@example.com', 'bob@example.com']);
    expect(shown()).toEqual({ a: 2 });
    world.open = new Set(['cid@example.com']);
    expect(shown()).toEqual({ a: 3 });
    world.open = new Set(['ann@example.com', 'cid@example.com', 'dan@example.com']);
    expect(shown()).toEqual({ a: 4 });
    world.open.clear();
    expect(shown()).toEqual({ a: 4 });
  });

  it('drops an alert removed from the configuration and keeps one whose id stays', () => {
    const { world, shown } = board([alert('a'), alert('b')], ['ann@example.com']);
    expect(shown()).toEqual({ a: 1, b: 1 });
    world.open.add('bob@example.com');
    // A newer revision: b is gone, a has a corrected text.
    world.alerts = [alert('a', { text: 'Corrected' })];
    expect(shown()).toEqual({ a: 2 });
    world.open = new Set(['cid@example.com']);
    world.alerts = [alert('a'), alert('b')];
    // b is a new alert now: what it reached before it was removed is forgotten.
    expect(shown()).toEqual({ a: 3, b: 1 });
    world.alerts = [];
    expect(shown()).toEqual({});
  });

  it('keeps counting past the per-alert cap without counting an account twice', () => {
    const users = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `u${from + i}@example.com`);
    const { world, shown } = board([alert('a')], users(0, 5), { maxShownPerAlert: 2 });
    expect(shown()).toEqual({ a: 5 });
    expect(shown()).toEqual({ a: 5 });
    world.open = new Set(users(0, 6));
    expect(shown()).toEqual({ a: 6 });
    world.open = new Set(users(3, 5));
    expect(shown()).toEqual({ a: 6 });
  });

  it('records open accounts every tick until stopped, and survives a driver that throws', () => {
    vi.useFakeTimers();
    const events: Array<Record<string, unknown>> = [];
    let fail = false;
    const world = { open: new Set<string>() };
    const b = new AlertBoard({
      alerts: () => [alert('a')],
      openAccounts: () => {
        if (fail) throw new Error('doveadm timed out');
        return world.open;
      },
      log: (e) => events.push(e),
    });
    boards.push(b);
    b.start();
    world.open.add('ann@example.com');
    vi.advanceTimersByTime(999);
    world.open.add('bob@example.com');
    vi.advanceTimersByTime(1);
    // Seen by the tick while open; gone before anyone asked.
    world.open = new Set();
    fail = true;
    vi.advanceTimersByTime(1000);
    expect(events).toEqual([{ event: 'alerts-refresh-failed', message: 'Error: doveadm timed out' }]);
    fail = false;
    expect(b.deliveries()).toEqual([{ id: 'a', active: true, shownTo: 2 }]);
    b.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('shows nothing on a simulated frontend (it only proxies) and every open account on a backend', async () => {
    const simulated = async (role: 'frontend' | 'backend') => {
      const d = new SimulatedDriver({ role, softwareVersion: '1.0.0', seed: 5, tickMs: 60_000 });
      drivers.push(d);
      await d.start();
      return d;
    };
    const alerts = [alert('all'), alert('com', { scope: 'domain', target: 'example.com' })];
    for (const role of ['frontend', 'backend'] as const) {
      const d = await simulated(role);
      const { load } = await d.status();
      expect(load.sessions.imap).toBeGreaterThan(0);
      const b = new AlertBoard({ alerts: () => alerts, openAccounts: () => d.openAccounts() });
      const open = role === 'backend' ? load.accountsOpen : 0;
      if (role === 'backend') expect(open).toBeGreaterThan(10);
      // The simulated pool is all @example.com.
      expect(b.deliveries()).toEqual([
        { id: 'all', active: true, shownTo: open },
        { id: 'com', active: true, shownTo: open },
      ]);
    }
  });
});
