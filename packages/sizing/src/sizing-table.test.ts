import { describe, expect, it } from 'vitest';

import {
  coveringRow,
  interpolate,
  roundUpTo,
  serverSpecFor,
  SIZING_TABLE,
  storageFor,
  type SizingRow,
} from './sizing-table';

const rows = SIZING_TABLE;
const pairs = rows.slice(1).map((hi, i) => [rows[i] as SizingRow, hi] as const);

describe('the seed table as data', () => {
  it('holds the five printed rows with their printed specs', () => {
    expect(rows.map((r) => [r.users, r.server.ramGb, r.server.cores, r.storage.disks, r.storage.ramGb])).toEqual([
      [1000, 16, 4, 5, 32],
      [5000, 32, 4, 10, 64],
      [10000, 64, 6, 15, 128],
      [15000, 64, 6, 20, 128],
      [25000, 64, 8, 25, 128],
    ]);
  });

  it('reproduces every row exactly at its own user count', () => {
    for (const r of rows) {
      expect(serverSpecFor(r.users)).toEqual(r.server);
      expect(storageFor(r.users)).toEqual(r.storage);
      expect(coveringRow(r.users)).toBe(r);
    }
  });

  it('takes the topology of the smallest row that covers the count', () => {
    expect(coveringRow(1)?.users).toBe(1000);
    expect(coveringRow(1001)?.users).toBe(5000);
    expect(coveringRow(24_999)?.users).toBe(25_000);
    expect(coveringRow(25_001)).toBeUndefined();
  });
});

describe('interpolation between rows', () => {
  it('is linear between neighbours before rounding', () => {
    expect(interpolate(3000, (r) => r.server.ramGb, 'clamp')).toBe(24);
    expect(interpolate(20_000, (r) => r.server.cores, 'clamp')).toBe(7);
    expect(interpolate(12_500, (r) => r.storage.disks, 'clamp')).toBe(17.5);
  });

  it('rounds up to whole hardware units: 16 GB of RAM, pairs of cores, whole disks', () => {
    expect(serverSpecFor(3000)).toEqual({ ramGb: 32, cores: 4 });
    expect(serverSpecFor(7500)).toEqual({ ramGb: 48, cores: 6 });
    expect(serverSpecFor(20_000)).toEqual({ ramGb: 64, cores: 8 });
    expect(storageFor(12_500)).toEqual({ disks: 18, ramGb: 128 });
    expect(roundUpTo(6.0000000001, 2)).toBe(6);
  });

  it('stays between the neighbouring rows and never decreases', () => {
    for (const [lo, hi] of pairs) {
      let prev = { server: serverSpecFor(lo.users), storage: storageFor(lo.users) };
      for (let u = lo.users + 1; u <= hi.users; u += 37) {
        const s = serverSpecFor(u);
        const st = storageFor(u);
        expect(s.ramGb).toBeGreaterThanOrEqual(lo.server.ramGb);
        expect(s.ramGb).toBeLessThanOrEqual(hi.server.ramGb);
        expect(s.cores).toBeGreaterThanOrEqual(lo.server.cores);
        expect(s.cores).toBeLessThanOrEqual(hi.server.cores);
        expect(st.disks).toBeGreaterThanOrEqual(lo.storage.disks);
        expect(st.disks).toBeLessThanOrEqual(hi.storage.disks);
        expect(st.ramGb).toBeGreaterThanOrEqual(lo.storage.ramGb);
        expect(st.ramGb).toBeLessThanOrEqual(hi.storage.ramGb);
        expect(s.ramGb).toBeGreaterThanOrEqual(prev.server.ramGb);
        expect(s.cores).toBeGreaterThanOrEqual(prev.server.cores);
        expect(st.disks).toBeGreaterThanOrEqual(prev.storage.disks);
        expect(st.ramGb).toBeGreaterThanOrEqual(prev.storage.ramGb);
        prev = { server: s, storage: st };
      }
    }
  });

  it('uses the first row below the table', () => {
    expect(serverSpecFor(1)).toEqual({ ramGb: 16, cores: 4 });
    expect(storageFor(10)).toEqual({ disks: 5, ramGb: 32 });
  });
});

describe('beyond the last row', () => {
  it('keeps one server at the largest spec (the seed scales out from there)', () => {
    expect(serverSpecFor(100_000)).toEqual({ ramGb: 64, cores: 8 });
  });

  it('continues the disks along the last segment (5 disks per 10,000 users)', () => {
    expect(storageFor(35_000).disks).toBe(30);
    expect(storageFor(100_000).disks).toBe(63);
    expect(storageFor(1_000_000).disks).toBe(513);
    expect(storageFor(1_000_000).ramGb).toBe(128);
  });
});
