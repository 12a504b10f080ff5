import { NodeApiError, normalizeAdminUrl, type NodeInfo } from '@cc/node-api';
import type { NodeRole, PrismaClient } from '@cc/db';

import { fieldError } from '../../errors';
import { audited } from '../audit/audited';
import { writeAudit, type Actor } from '../audit/write-audit';
import { nodeConnectLimiter, type ConnectLimiter } from './connect-limit';
import { nodeClient } from './node-client';
import { assertNodeUrlAllowed } from './node-networks';

export interface ProbeInput {
  role: NodeRole;
  adminUrl: string;
  token: string;
}

/**
 * The only answers a connection attempt gives. Whatever else answered (its body, TLS or not, its
 * HTTP status, open or closed) stays on the server: the console must not be a port scanner.
 */
export const PROBE_OUTCOME = {
  noAnswer: 'No node agent answered at this address.',
  notAnAgent: 'Something answered at this address, but not a Cluster Console node agent.',
  wrongToken: 'The node agent refused this token.',
} as const;

/**
 * Asks the node who it is with the given token. Registration needs a node that answers, accepts the
 * token and agrees about its role: otherwise the administrator gets the reason, on the right field.
 */
export async function probeNode(input: ProbeInput, timeoutMs = 3000): Promise<NodeInfo> {
  await assertNodeUrlAllowed(input.adminUrl);
  const client = nodeClient({ baseUrl: input.adminUrl, token: input.token, timeoutMs });
  let info: NodeInfo;
  try {
    info = await client.info();
  } catch (e) {
    if (!(e instanceof NodeApiError)) throw e;
    // A 401 counts as "wrong token" only in the agent's own error shape; any other server's 401 is not an agent.
    if (e.kind === 'unauthorized' && e.status === 401 && e.code === 'unauthorized') {
      throw fieldError('BAD_REQUEST', 'token', PROBE_OUTCOME.wrongToken);
    }
    const noAnswer = e.kind === 'unreachable' || e.kind === 'timeout';
    throw fieldError('BAD_REQUEST', 'adminUrl', noAnswer ? PROBE_OUTCOME.noAnswer : PROBE_OUTCOME.notAnAgent);
  }
  if (info.role.toUpperCase() !== input.role) {
    throw fieldError('BAD_REQUEST', 'role', `The node reports role "${info.role}", not "${input.role.toLowerCase()}".`);
  }
  return info;
}

interface TestDeps {
  prisma: PrismaClient;
  actor: Actor;
  limiter?: ConnectLimiter;
  probeTimeoutMs?: number;
}

/** Counts a connection attempt against the user's per-minute allowance. */
export function takeConnectAttempt(actor: Actor, limiter: ConnectLimiter = nodeConnectLimiter): void {
  limiter.take(actor.id ?? `ip:${actor.ip ?? 'unknown'}`);
}

/** "Test connection": rate-limited per user and audited (STARTED, then SUCCESS or FAILURE with the outcome). */
export async function testNode(deps: TestDeps, raw: ProbeInput): Promise<NodeInfo> {
  const adminUrl = normalizeAdminUrl(raw.adminUrl);
  const after = { role: raw.role, adminUrl };
  const entry = { action: 'node.test', targetType: 'node', targetName: adminUrl, after };
  return audited(deps.prisma, deps.actor, entry, async () => {
    takeConnectAttempt(deps.actor, deps.limiter);
    await writeAudit(deps.prisma, deps.actor, { ...entry, outcome: 'STARTED' });
    const info = await probeNode({ ...raw, adminUrl }, deps.probeTimeoutMs);
    const found = { agentId: info.id, name: info.name, softwareVersion: info.softwareVersion };
    await writeAudit(deps.prisma, deps.actor, { ...entry, after: { ...after, ...found }, outcome: 'SUCCESS' });
    return info;
  });
}
