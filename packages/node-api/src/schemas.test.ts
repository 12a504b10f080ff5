import { describe, expect, it } from 'vitest';
import {
  ZEndSessionsRequest,
  ZErrorBody,
  ZHeartbeat,
  ZNodeInfo,
  ZNodeStatus,
  ZPlaceSessionRequest,
  ZSetReadinessRequest,
} from './schemas';
import { sampleInfo, sampleStatus } from './test-samples';

describe('contract schemas', () => {
  it('round-trips NodeInfo and NodeStatus through JSON', () => {
    expect(ZNodeInfo.parse(JSON.parse(JSON.stringify(sampleInfo)))).toEqual(sampleInfo);
    expect(ZNodeStatus.parse(JSON.parse(JSON.stringify(sampleStatus)))).toEqual(sampleStatus);
    const ready = { ...sampleStatus, readiness: 'ready', drain: null, clusterRole: 'none' };
    expect(ZNodeStatus.parse(ready)).toEqual(ready);
  });

  it('ignores unknown fields so newer nodes stay readable', () => {
    const parsed = ZNodeInfo.parse({ ...sampleInfo, futureField: 1 });
    expect(parsed).toEqual(sampleInfo);
  });

  it('accepts timestamps with an offset', () => {
    expect(ZNodeInfo.safeParse({ ...sampleInfo, startedAt: '2026-01-02T05:04:05+02:00' }).success).toBe(true);
  });

  it.each([
    ['apiVersion v2', { ...sampleInfo, apiVersion: 'v2' }],
    ['non-uuid id', { ...sampleInfo, id: 'node-1' }],
    ['unknown role', { ...sampleInfo, role: 'proxy' }],
    ['date without time', { ...sampleInfo, startedAt: '2026-01-02' }],
  ])('rejects NodeInfo with %s', (_label, value) => {
    expect(ZNodeInfo.safeParse(value).success).toBe(false);
  });

  it.each([
    ['cpu above 100', { ...sampleStatus, load: { ...sampleStatus.load, cpuPercent: 101 } }],
    [
      'negative sessions',
      { ...sampleStatus, load: { ...sampleStatus.load, sessions: { imap: -1, pop: 0, smtp: 0, http: 0 } } },
    ],
    ['unknown readiness', { ...sampleStatus, readiness: 'paused' }],
    ['missing drain', { ...sampleStatus, drain: undefined }],
    ['unknown listener protocol', { ...sampleStatus, listeners: [{ protocol: 'lmtp', port: 24, open: true }] }],
  ])('rejects NodeStatus with %s', (_label, value) => {
    expect(ZNodeStatus.safeParse(value).success).toBe(false);
  });

  it('checks the heartbeat and error bodies', () => {
    const hb = { name: 'b1', role: 'backend', clusterRole: 'member', startedAt: sampleInfo.startedAt, alive: true };
    expect(ZHeartbeat.parse(hb)).toEqual(hb);
    expect(ZHeartbeat.safeParse({ ...hb, alive: false }).success).toBe(false);
    expect(ZErrorBody.parse({ error: { code: 'x', message: 'y' } })).toEqual({ error: { code: 'x', message: 'y' } });
  });

  it('takes session counters as optional, so older nodes still validate', () => {
    const counters = { started: 10, endedNormally: 6, endedByAdmin: 1 };
    expect(ZNodeStatus.parse({ ...sampleStatus, sessionCounters: counters }).sessionCounters).toEqual(counters);
    expect(ZNodeStatus.parse(sampleStatus).sessionCounters).toBeUndefined();
    expect(ZNodeStatus.safeParse({ ...sampleStatus, sessionCounters: { ...counters, started: -1 } }).success).toBe(
      false,
    );
  });

  it('takes heartbeat readiness and load as optional', () => {
    const hb = { name: 'b1', role: 'backend', clusterRole: 'member', startedAt: sampleInfo.startedAt, alive: true };
    expect(ZHeartbeat.parse({ ...hb, readiness: 'draining', sessions: 4 })).toMatchObject({ sessions: 4 });
    expect(ZHeartbeat.safeParse({ ...hb, sessions: -1 }).success).toBe(false);
  });

  it('checks request bodies strictly', () => {
    expect(ZSetReadinessRequest.parse({ ready: false })).toEqual({ ready: false });
    for (const bad of [{}, { ready: 'yes' }, { ready: 1 }, { ready: true, deadline: 5 }, null, []]) {
      expect(ZSetReadinessRequest.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(ZEndSessionsRequest.parse({})).toEqual({});
    expect(ZEndSessionsRequest.safeParse({ force: true }).success).toBe(false);
    const place = { protocol: 'imap', account: 'a@example.com', durationMs: 1500 };
    expect(ZPlaceSessionRequest.parse(place)).toEqual(place);
    for (const patch of [{ protocol: 'admin' }, { account: '' }, { durationMs: 0 }, { durationMs: 1.5 }]) {
      expect(ZPlaceSessionRequest.safeParse({ ...place, ...patch }).success, JSON.stringify(patch)).toBe(false);
    }
  });
});
