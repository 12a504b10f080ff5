import { normalizeAdminUrl } from '@cc/node-api';
import { Prisma, type NodeRole, type PrismaClient } from '@cc/db';

import { AppError, errorMessage, fieldError } from '../../errors';
import { writeAudit, type Actor } from '../audit/write-audit';
import type { SecretBox } from '../secrets/secret-box';
import { assertNodeUrlAllowed } from './node-networks';
import { checkNodeTrust, unconfirmedMessage } from './node-tls';
import { probeNode, takeConnectAttempt } from './probe-node';

export interface RegisterNodeInput {
  name: string;
  role: NodeRole;
  adminUrl: string;
  token: string;
  /** https://: the certificate fingerprint the administrator confirmed (not needed when CC_NODE_CA_FILE vouches). */
  tlsFingerprint?: string | undefined;
  /** http://: the explicit choice to send the token in clear text. */
  allowPlainHttp?: boolean | undefined;
}

interface Deps {
  prisma: PrismaClient;
  secrets: SecretBox;
  actor: Actor;
  probeTimeoutMs?: number;
}

export async function registerNode(deps: Deps, raw: RegisterNodeInput) {
  const input = { ...raw, adminUrl: normalizeAdminUrl(raw.adminUrl) };
  const audit = { action: 'node.register', targetType: 'node', targetName: input.name };
  const plain = input.adminUrl.startsWith('http:');
  const safeInput = {
    name: input.name,
    role: input.role,
    adminUrl: input.adminUrl,
    ...(input.tlsFingerprint && { tlsFingerprint: input.tlsFingerprint }),
    ...(plain && { allowPlainHttp: input.allowPlainHttp === true }),
  };
  try {
    const found = takeConnectAttempt(deps.actor);
    const existing = await deps.prisma.node.findUnique({ where: { name: input.name }, select: { id: true } });
    if (existing) throw fieldError('CONFLICT', 'name', `A node named "${input.name}" is already registered.`);
    await assertNodeUrlAllowed(input.adminUrl);
    // The server fetches the certificate again: it must be the one the administrator confirmed.
    const checked = await checkNodeTrust(input, deps.probeTimeoutMs);
    if (checked.trust === 'unconfirmed') {
      throw fieldError('BAD_REQUEST', 'tlsFingerprint', unconfirmedMessage(checked.certificate));
    }
    const info = await probeNode(input, deps.probeTimeoutMs, checked.tls);
    found();
    const tlsFingerprint = checked.trust === 'pinned' ? checked.certificate!.fingerprint256 : null;
    return await deps.prisma.$transaction(async (tx) => {
      const node = await tx.node.create({
        data: {
          name: input.name,
          role: input.role,
          adminUrl: input.adminUrl,
          tokenEnc: deps.secrets.seal(input.token),
          tlsFingerprint,
          allowPlainHttp: checked.trust === 'plain-http',
        },
        select: {
          id: true,
          name: true,
          role: true,
          adminUrl: true,
          tlsFingerprint: true,
          allowPlainHttp: true,
          createdAt: true,
        },
      });
      await writeAudit(tx, deps.actor, {
        ...audit,
        targetId: node.id,
        after: {
          ...safeInput,
          trust: checked.trust,
          tlsFingerprint,
          allowPlainHttp: node.allowPlainHttp,
          agentId: info.id,
          softwareVersion: info.softwareVersion,
        },
        outcome: 'SUCCESS',
      });
      return node;
    });
  } catch (e) {
    const error = uniqueViolation(e)
      ? fieldError('CONFLICT', 'name', `A node named "${input.name}" is already registered.`)
      : e;
    await writeAudit(deps.prisma, deps.actor, {
      ...audit,
      after: safeInput,
      outcome: 'FAILURE',
      error: errorMessage(error),
    });
    throw error;
  }
}

export async function removeNode(deps: Omit<Deps, 'secrets'>, id: string) {
  const node = await deps.prisma.node.findUnique({
    where: { id },
    select: { id: true, name: true, role: true, adminUrl: true },
  });
  if (!node) throw new AppError('NOT_FOUND', 'No such node.');
  await deps.prisma.$transaction(async (tx) => {
    await tx.node.delete({ where: { id } });
    await writeAudit(tx, deps.actor, {
      action: 'node.remove',
      targetType: 'node',
      targetId: id,
      targetName: node.name,
      before: node,
      outcome: 'SUCCESS',
    });
  });
  return { id };
}

function uniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';
}
