import { describe, expect, it } from 'vitest';
import { ZErrorBody, ZHeartbeat, ZNodeInfo, ZNodeStatus } from './schemas';
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
});
