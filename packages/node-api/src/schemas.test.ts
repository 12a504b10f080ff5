import { describe, expect, it } from 'vitest';
import {
  MAX_CLUSTER_MEMBERS,
  ZEndSessionsRequest,
  ZErrorBody,
  ZHeartbeat,
  ZNodeInfo,
  ZNodeStatus,
  ZPlaceSessionRequest,
  ZPortsResponse,
  ZProbeRequest,
  ZProbeResult,
  ZSetClusterMembersRequest,
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

  it('checks member lists: hosts validated, at most 2000 members', () => {
    const member = (i: number) => ({ name: `node-${i}`, host: `10.0.${i >> 8}.${i & 255}` });
    const full = { members: Array.from({ length: MAX_CLUSTER_MEMBERS }, (_, i) => member(i)) };
    expect(ZSetClusterMembersRequest.parse(full).members).toHaveLength(2000);
    expect(ZSetClusterMembersRequest.safeParse({ members: [...full.members, member(1)] }).success).toBe(false);
    expect(ZSetClusterMembersRequest.parse({ members: [] })).toEqual({ members: [] });
    for (const bad of [
      {},
      { members: [{ name: 'a' }] },
      { members: [{ name: '', host: '10.0.0.1' }] },
      { members: [{ name: 'a', host: '127.1' }] },
      { members: [{ name: 'a', host: '10.0.0.1', port: 4001 }] },
      { members: [], extra: true },
    ]) {
      expect(ZSetClusterMembersRequest.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    const issue = ZSetClusterMembersRequest.safeParse({ members: [{ name: 'a', host: 'x y' }] }).error?.issues[0];
    expect(issue?.path).toEqual(['members', 0, 'host']);
    expect(issue?.message).toMatch(/neither an IP address nor a valid host name/);
  });

  it('checks probe requests and results', () => {
    expect(ZProbeRequest.parse({ host: 'b1.example', port: 24 })).toEqual({ host: 'b1.example', port: 24 });
    expect(ZProbeRequest.parse({ host: '::1', port: 65535, timeoutMs: 50 }).timeoutMs).toBe(50);
    for (const patch of [
      { port: 0 },
      { port: 65536 },
      { port: 25.5 },
      { port: '25' },
      { timeoutMs: 49 },
      { timeoutMs: 5001 },
      { host: '' },
      { host: '10.0.0.0/8' },
      { extra: 1 },
    ]) {
      expect(ZProbeRequest.safeParse({ host: '10.0.0.5', port: 25, ...patch }).success, JSON.stringify(patch)).toBe(
        false,
      );
    }
    expect(ZProbeResult.parse({ ok: false, ms: 3.2, error: 'connection refused' }).error).toBe('connection refused');
    expect(ZProbeResult.safeParse({ ok: true, ms: -1 }).success).toBe(false);
    const listener = { protocol: 'imap', port: 143, open: false, host: '0.0.0.0' };
    expect(ZPortsResponse.parse({ listeners: [listener] })).toEqual({ listeners: [listener] });
    expect(ZPortsResponse.safeParse({ listeners: [{ ...listener, host: '' }] }).success).toBe(false);
  });
});
