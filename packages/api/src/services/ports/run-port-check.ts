import net from 'node:net';

import type { CheckSection, PortCheckCell } from '@cc/ports';
import type { PrismaClient } from '@cc/db';

import { errorMessage } from '../../errors';
import type { Actor } from '../audit/write-audit';
import { auditedBatch, fanOut, mapLimit, selectNodes } from '../nodes/fan-out';
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
  // Every node, Down or not: whether it answers is what the check is for.
  const targets = (await selectNodes(deps.prisma, {})).sort(
    (a, b) => Number(a.role === 'BACKEND') - Number(b.role === 'BACKEND') || a.name.localeCompare(b.name),
  );
  const members: Member[] = targets.map((n) => {
    const url = new URL(n.adminUrl);
    return {
      id: n.id,
      name: n.name,
      role: n.role,
      host: url.hostname.replace(/^\[|\]$/g, ''),
      adminPort: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    };
  });
  const byId = new Map(members.map((m) => [m.id, m]));
  const roster = members.map((m) => ({ name: m.name, host: m.host }));
  const fan = { prisma: deps.prisma, secrets: deps.secrets, includeDown: true, requestTimeoutMs: timeoutMs + 1000 };
  const cells: PortCheckCell[] = [];
  const add =
    (section: CheckSection, source: string, target: Member, service: string, port: number) =>
    (r: { ok: boolean; ms: number | null; error: string | null }) =>
      cells.push({ section, source, target: target.name, service, host: target.host, port, ...r });

  const check = async () => {
    // Console → every admin API; the nodes that answer learn who their cluster peers are.
    const admin = await fanOut(
      targets,
      async (client) => {
        const t = performance.now();
        await client.setMembers(roster);
        return performance.now() - t;
      },
      { ...fan, timeoutMs: timeoutMs + 1000, idempotent: true },
    );
    const reachable = new Set<string>();
    for (const r of admin) {
      const m = byId.get(r.node.id)!;
      if (r.ok) reachable.add(m.id);
      add(
        'console → admin API',
        'console',
        m,
        'admin',
        m.adminPort,
      )(r.ok ? { ok: true, ms: r.value, error: null } : { ok: false, ms: null, error: r.reason.message });
    }

    // Load balancer → frontends' client ports, as each frontend says it listens.
    const frontends = targets.filter((t) => t.role === 'FRONTEND' && reachable.has(t.id));
    const ports = await fanOut(frontends, (client) => client.ports(), {
      ...fan,
      timeoutMs: timeoutMs + 1000,
      concurrency: 8,
      idempotent: true,
    });
    await mapLimit(ports, 8, async (r) => {
      const f = byId.get(r.node.id)!;
      const listeners = r.ok ? r.value.listeners : [];
      for (const service of CLIENT_SERVICES) {
        const l = listeners.find((x) => x.protocol === service);
        if (!l) continue;
        add('load balancer → frontends', 'console', f, service, l.port)(await tcpConnect(f.host, l.port, timeoutMs));
      }
    });

    // Node → node: frontends to every backend, backends to every other backend (inter-server channel).
    // One call per source node, its probes one after another: the node's probe rate limit is per node.
    const backends = members.filter((m) => m.role === 'BACKEND');
    const probes = await fanOut(
      targets.filter((t) => reachable.has(t.id)),
      async (client, node) => {
        const out: Array<[Member, { ok: boolean; ms: number | null; error: string | null }]> = [];
        for (const dst of backends.filter((b) => b.id !== node.id)) {
          try {
            const r = await client.probe({ host: dst.host, port: dst.adminPort, timeoutMs });
            out.push([dst, { ok: r.ok, ms: r.ms, error: r.ok ? null : (r.error ?? 'failed') }]);
          } catch (e) {
            out.push([dst, { ok: false, ms: null, error: errorMessage(e) }]);
          }
        }
        return out;
      },
      { ...fan, timeoutMs: (2 * timeoutMs + 1000) * Math.max(1, backends.length) },
    );
    const answered = new Map(probes.map((r) => [r.node.id, r]));
    for (const src of members) {
      const section = src.role === 'FRONTEND' ? 'frontends → backends' : 'backends → backends';
      const r = answered.get(src.id);
      for (const dst of backends.filter((b) => b.id !== src.id)) {
        const record = add(section, src.name, dst, 'inter-server (admin)', dst.adminPort);
        if (!r) record({ ok: false, ms: null, error: `${src.name} did not answer the console` });
        else if (!r.ok) record({ ok: false, ms: null, error: r.reason.message });
        else record(r.value.find(([d]) => d.id === dst.id)![1]);
      }
    }
    const order = ['console → admin API', 'load balancer → frontends', 'frontends → backends', 'backends → backends'];
    return cells.sort(
      (a, b) =>
        order.indexOf(a.section) - order.indexOf(b.section) ||
        a.source.localeCompare(b.source) ||
        a.target.localeCompare(b.target) ||
        a.service.localeCompare(b.service),
    );
  };

  // Fail closed: the nodes learn their peers and open connections only once this is on record.
  const { committed: run } = await auditedBatch(
    deps.prisma,
    {
      actor: deps.actor,
      entry: { action: 'ports.check', targetType: 'cluster' },
      started: { nodes: members.map((m) => m.name) },
      commit: (tx, done: PortCheckCell[]) => {
        const failed = done.filter((c) => !c.ok).length;
        return tx.portCheckRun.create({
          data: {
            startedAt,
            finishedAt: new Date(),
            actorEmail: deps.actor.email,
            passed: done.length - failed,
            failed,
            cells: done as object[],
          },
        });
      },
      // Failed cells are what the check found, not a failure of the check.
      close: (done, saved) => ({
        after: {
          runId: saved!.id,
          passed: saved!.passed,
          failed: saved!.failed,
          failures: done.filter((c) => !c.ok).slice(0, 50),
        },
      }),
    },
    check,
  );
  return toRun(run!);
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
