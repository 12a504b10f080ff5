import net from 'node:net';

import type { NodeClient } from '@cc/node-api';
import type { CheckSection, PortCheckCell } from '@cc/ports';
import type { PrismaClient } from '@cc/db';

import { errorMessage } from '../../errors';
import { writeAudit, type Actor } from '../audit/write-audit';
import { clientForNode } from '../nodes/node-client';
import type { SecretBox } from '../secrets/secret-box';

interface Deps {
  prisma: PrismaClient;
  secrets: SecretBox;
  actor: Actor;
  timeoutMs?: number;
}

interface Member {
  id: string;
  name: string;
  role: 'FRONTEND' | 'BACKEND';
  host: string;
  adminPort: number;
  client: NodeClient;
}

const CLIENT_SERVICES = ['imap', 'pop', 'smtp', 'http'] as const;

/**
 * Runs the required-ports matrix against the live cluster: the console (standing in for the load
 * balancer) opens each frontend's client ports and every admin API; frontends and backends are asked
 * to open their peers' inter-server (admin) ports. Nodes only probe hosts the console registered
 * with them, so the check cannot be turned into a port scanner.
 */
export async function runPortCheck(deps: Deps) {
  const timeoutMs = deps.timeoutMs ?? 1000;
  const startedAt = new Date();
  const nodes = await deps.prisma.node.findMany({
    select: { id: true, name: true, role: true, adminUrl: true, tokenEnc: true, tlsFingerprint: true },
    orderBy: [{ role: 'asc' }, { name: 'asc' }],
  });
  const members: Member[] = nodes.map((n) => {
    const url = new URL(n.adminUrl);
    return {
      id: n.id,
      name: n.name,
      role: n.role,
      host: url.hostname.replace(/^\[|\]$/g, ''),
      adminPort: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      client: clientForNode(n, deps.secrets, timeoutMs + 1000),
    };
  });
  const roster = members.map((m) => ({ name: m.name, host: m.host }));
  // Fail closed: the nodes learn their peers and open connections only once this is on record.
  await writeAudit(deps.prisma, deps.actor, {
    action: 'ports.check',
    targetType: 'cluster',
    after: { nodes: members.map((m) => m.name) },
    outcome: 'STARTED',
  });
  const cells: PortCheckCell[] = [];
  const add =
    (section: CheckSection, source: string, target: Member, service: string, port: number) =>
    (r: { ok: boolean; ms: number | null; error: string | null }) =>
      cells.push({ section, source, target: target.name, service, host: target.host, port, ...r });

  // Console → every admin API; the nodes that answer learn who their cluster peers are.
  const reachable = new Set<string>();
  await mapLimit(members, 16, async (m) => {
    const t = performance.now();
    try {
      await m.client.setMembers(roster);
      reachable.add(m.id);
      add(
        'console → admin API',
        'console',
        m,
        'admin',
        m.adminPort,
      )({ ok: true, ms: performance.now() - t, error: null });
    } catch (e) {
      add('console → admin API', 'console', m, 'admin', m.adminPort)({ ok: false, ms: null, error: errorMessage(e) });
    }
  });

  // Load balancer → frontends' client ports, as each frontend says it listens.
  await mapLimit(
    members.filter((m) => m.role === 'FRONTEND' && reachable.has(m.id)),
    8,
    async (f) => {
      const { listeners } = await f.client.ports().catch(() => ({ listeners: [] }));
      for (const service of CLIENT_SERVICES) {
        const l = listeners.find((x) => x.protocol === service);
        if (!l) continue;
        add('load balancer → frontends', 'console', f, service, l.port)(await tcpConnect(f.host, l.port, timeoutMs));
      }
    },
  );

  // Node → node: frontends to every backend, backends to every other backend (inter-server channel).
  const pairs: Array<[CheckSection, Member, Member]> = [];
  for (const src of members) {
    for (const dst of members) {
      if (dst.role !== 'BACKEND' || src.id === dst.id) continue;
      pairs.push([src.role === 'FRONTEND' ? 'frontends → backends' : 'backends → backends', src, dst]);
    }
  }
  await mapLimit(pairs, 16, async ([section, src, dst]) => {
    const record = add(section, src.name, dst, 'inter-server (admin)', dst.adminPort);
    if (!reachable.has(src.id)) return record({ ok: false, ms: null, error: `${src.name} did not answer the console` });
    try {
      const r = await src.client.probe({ host: dst.host, port: dst.adminPort, timeoutMs });
      record({ ok: r.ok, ms: r.ms, error: r.ok ? null : (r.error ?? 'failed') });
    } catch (e) {
      record({ ok: false, ms: null, error: errorMessage(e) });
    }
  });

  const order = ['console → admin API', 'load balancer → frontends', 'frontends → backends', 'backends → backends'];
  cells.sort(
    (a, b) =>
      order.indexOf(a.section) - order.indexOf(b.section) ||
      a.source.localeCompare(b.source) ||
      a.target.localeCompare(b.target) ||
      a.service.localeCompare(b.service),
  );
  const failed = cells.filter((c) => !c.ok).length;
  const run = await deps.prisma.$transaction(async (tx) => {
    const saved = await tx.portCheckRun.create({
      data: {
        startedAt,
        finishedAt: new Date(),
        actorEmail: deps.actor.email,
        passed: cells.length - failed,
        failed,
        cells: cells as object[],
      },
    });
    await writeAudit(tx, deps.actor, {
      action: 'ports.check',
      targetType: 'cluster',
      after: { runId: saved.id, passed: saved.passed, failed, failures: cells.filter((c) => !c.ok).slice(0, 50) },
      outcome: 'SUCCESS',
    });
    return saved;
  });
  return toRun(run);
}

export async function lastPortCheck(prisma: PrismaClient) {
  const run = await prisma.portCheckRun.findFirst({ orderBy: { startedAt: 'desc' } });
  return run ? toRun(run) : null;
}

function toRun(r: {
  id: string;
  startedAt: Date;
  finishedAt: Date | null;
  actorEmail: string | null;
  passed: number;
  failed: number;
  cells: unknown;
}) {
  return { ...r, cells: r.cells as PortCheckCell[] };
}

/** A TCP connect from the console, closed at once. */
export function tcpConnect(
  host: string,
  port: number,
  timeoutMs: number,
): Promise<{ ok: boolean; ms: number | null; error: string | null }> {
  const t = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean, error: string | null) => {
      socket.destroy();
      resolve({ ok, ms: ok ? performance.now() - t : null, error });
    };
    socket.setTimeout(timeoutMs, () => done(false, `timed out after ${timeoutMs} ms`));
    socket.once('connect', () => done(true, null));
    socket.once('error', (e: NodeJS.ErrnoException) =>
      done(
        false,
        e.code === 'ECONNREFUSED' ? 'connection refused' : e.code === 'EHOSTUNREACH' ? 'host unreachable' : e.message,
      ),
    );
  });
}

async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
