// The shared demo launcher (scripts/lib/cluster.mjs, used by npm start, the e2e harness and the bench):
// agents get their token and cluster secret through the environment, so `ps` never shows them.
import { readFileSync } from 'node:fs';
import { createNodeClient } from '@cc/node-api';
import { describe, expect, it } from 'vitest';
import { agentCommand, planCluster, spawnAgent, stopProcess } from '../../../scripts/lib/cluster.mjs';
import { tempDir } from './test-helpers';

/** A process's command line as every user of the host can read it. */
const cmdline = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
const children = (pid: number) =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

describe('demo launcher', () => {
  it('moves secrets given as --flag=value into the environment', () => {
    const command = agentCommand({
      token: 'node-token',
      args: ['--role=backend', '--cluster-secret=-s3cret', '--doveadm-key=k', '--name=b1'],
    });
    expect(command.args.slice(3)).toEqual(['--role=backend', '--name=b1']);
    expect(command.env).toEqual({
      CC_AGENT_TOKEN: 'node-token',
      CC_AGENT_CLUSTER_SECRET: '-s3cret',
      CC_AGENT_DOVEADM_KEY: 'k',
    });
    expect(() => agentCommand({ args: ['--token', 'x'] })).toThrow(/--token=VALUE/);
  });

  it('starts agents whose command lines (supervisor and worker) hold no token or cluster secret', async () => {
    const [node] = await planCluster({ frontends: 0, backends: 1, dataDir: await tempDir() });
    const started = await spawnAgent({ ...node! });
    try {
      const workers = children(started.pid);
      expect(workers).toHaveLength(1);
      for (const pid of [started.pid, ...workers]) {
        const line = cmdline(pid);
        expect(line).toContain('--name=backend-1');
        expect(line).not.toContain(node!.token);
        expect(line).not.toContain(node!.clusterSecret);
      }
      // HTTPS with the agent's own certificate, whose fingerprint the listening line carried.
      expect(started.adminUrl).toMatch(/^https:/);
      const tls = { fingerprint256: started.fingerprint256! };
      const info = await createNodeClient({ baseUrl: node!.adminUrl, token: node!.token, tls }).info();
      expect(info.name).toBe('backend-1');
    } finally {
      await stopProcess(started.pid);
    }
  });
});
