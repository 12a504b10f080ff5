import { NodeApiError, normalizeAdminUrl, type NodeInfo, type NodeTls, type PresentedCertificate } from '@cc/node-api';
import type { NodeRole, PrismaClient } from '@cc/db';

import { fieldError } from '../../errors';
import { audited } from '../audit/audited';
import { writeAudit, type Actor } from '../audit/write-audit';
import { nodeConnectLimiter, type ConnectLimiter } from './connect-limit';
import { nodeClient } from './node-client';
import { assertNodeUrlAllowed } from './node-networks';
import { checkNodeTrust, type NodeTrust } from './node-tls';

export interface ProbeInput {
  role: NodeRole;
  adminUrl: string;
  token: string;
  /** The certificate fingerprint the administrator confirmed (https://). */
  tlsFingerprint?: string | undefined;
  /** The administrator's explicit choice of plain HTTP (http://). */
  allowPlainHttp?: boolean | undefined;
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
export async function probeNode(
  input: Pick<ProbeInput, 'role' | 'adminUrl' | 'token'>,
  timeoutMs = 3000,
  tls?: NodeTls,
): Promise<NodeInfo> {
  await assertNodeUrlAllowed(input.adminUrl);
  const client = nodeClient({ baseUrl: input.adminUrl, token: input.token, timeoutMs, ...(tls && { tls }) });
  let info: NodeInfo;
  try {
    info = await client.info();
  } catch (e) {
    if (!(e instanceof NodeApiError)) throw e;
    // The certificate changed between fetching it and asking: the token was not sent.
    if (e.kind === 'certificate') throw fieldError('BAD_REQUEST', 'tlsFingerprint', e.message);
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

/** Counts a connection attempt against the user's per-minute allowance; call the result once it found an agent. */
export function takeConnectAttempt(actor: Actor, limiter: ConnectLimiter = nodeConnectLimiter): () => void {
  return limiter.take(actor.id ?? `ip:${actor.ip ?? 'unknown'}`);
}

/**
 * Asks without a token whether a node agent answers behind this (not yet confirmed) certificate: the
 * agent refuses a missing token with its own error shape. Anything else is not an agent.
 */
async function assertAgentAnswers(adminUrl: string, tls: NodeTls, timeoutMs: number): Promise<void> {
  try {
    await nodeClient({ baseUrl: adminUrl, token: '', timeoutMs, tls }).info();
  } catch (e) {
    if (e instanceof NodeApiError && e.status === 401 && e.code === 'unauthorized') return;
    const noAnswer = e instanceof NodeApiError && (e.kind === 'unreachable' || e.kind === 'timeout');
    throw fieldError('BAD_REQUEST', 'adminUrl', noAnswer ? PROBE_OUTCOME.noAnswer : PROBE_OUTCOME.notAnAgent);
  }
  throw fieldError('BAD_REQUEST', 'adminUrl', PROBE_OUTCOME.notAnAgent);
}

export interface TestResult {
  /** Null until the certificate is confirmed: the token goes only to a certificate someone vouched for. */
  info: NodeInfo | null;
  /** What the node presented (https:// and a node agent only). */
  certificate: PresentedCertificate | null;
  trust: NodeTrust | 'unconfirmed';
}

/**
 * "Test connection": rate-limited per user and audited (STARTED, then SUCCESS or FAILURE with the
 * outcome). Over https:// without a confirmed fingerprint it only fetches the certificate and checks
 * that a node agent answers, for the administrator to compare with the one the node printed.
 */
export async function testNode(deps: TestDeps, raw: ProbeInput): Promise<TestResult> {
  const adminUrl = normalizeAdminUrl(raw.adminUrl);
  const after = { role: raw.role, adminUrl };
  const entry = { action: 'node.test', targetType: 'node', targetName: adminUrl, after };
  return audited(deps.prisma, deps.actor, entry, async () => {
    const found = takeConnectAttempt(deps.actor, deps.limiter);
    await writeAudit(deps.prisma, deps.actor, { ...entry, outcome: 'STARTED' });
    await assertNodeUrlAllowed(adminUrl);
    const timeoutMs = deps.probeTimeoutMs ?? 3000;
    const checked = await checkNodeTrust({ ...raw, adminUrl }, timeoutMs);
    const fingerprint = checked.certificate?.fingerprint256 ?? null;
    let info: NodeInfo | null = null;
    if (checked.trust === 'unconfirmed') await assertAgentAnswers(adminUrl, checked.tls, timeoutMs);
    else info = await probeNode({ ...raw, adminUrl }, timeoutMs, checked.tls);
    found();
    const agent = info && { agentId: info.id, name: info.name, softwareVersion: info.softwareVersion };
    await writeAudit(deps.prisma, deps.actor, {
      ...entry,
      after: { ...after, trust: checked.trust, tlsFingerprint: fingerprint, ...agent },
      outcome: 'SUCCESS',
    });
    return { info, certificate: checked.certificate, trust: checked.trust };
  });
}
