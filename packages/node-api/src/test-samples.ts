// Valid sample payloads shared by the tests of this package.
import type { NodeInfo, NodeStatus } from './schemas';

export const sampleInfo: NodeInfo = {
  apiVersion: 'v1',
  id: '6f1c2a5e-8a1b-4c3d-9e2f-0a1b2c3d4e5f',
  name: 'backend-1',
  role: 'backend',
  softwareVersion: '1.0.0',
  startedAt: '2026-01-02T03:04:05.678Z',
  capabilities: ['metrics', 'cluster-election'],
  driver: 'simulated',
};

export const sampleStatus: NodeStatus = {
  observedAt: '2026-01-02T03:05:00.000Z',
  readiness: 'draining',
  clusterRole: 'backup',
  drain: { sessionsAtStart: 120, sessionsRemaining: 17 },
  load: {
    cpuPercent: 37.5,
    memory: { usedBytes: 1_073_741_824, totalBytes: 8_589_934_592 },
    sessions: { imap: 12, pop: 1, smtp: 3, http: 1 },
    accountsOpen: 15,
    disk: { usedBytes: 64_424_509_440, totalBytes: 107_374_182_400 },
  },
  listeners: [
    { protocol: 'imap', port: 143, open: false },
    { protocol: 'admin', port: 4001, open: true },
  ],
  peers: [{ name: 'backend-2', clusterRole: 'controller', alive: true }],
};
