// Forwards new audit entries to a syslog collector / SIEM as RFC 5424 messages
// (UDP, RFC 5426; or TCP with octet-counting framing, RFC 6587). A cursor in the
// database (audit_forward_state) says what was sent: nothing is skipped across
// restarts, and an entry may be sent twice if a process dies mid-batch. One
// console process forwards at a time, holding a lease in the same row.
import dgram from 'node:dgram';
import net from 'node:net';
import os from 'node:os';

import type { AuditEventModel as AuditEvent, PrismaClient } from '@cc/db';
import { createLogger } from '@cc/log';

import { errorMessage } from '../../errors';
import { canonicalJson } from './chain';

const log = createLogger('audit');

/** Facility 13, "log audit" (RFC 5424 table 1). */
const FACILITY = 13;
const SEVERITY: Record<AuditEvent['outcome'], number> = { SUCCESS: 5, STARTED: 6, FAILURE: 3, DENIED: 4 };
/** RFC 5424 §7.2.2: the example private enterprise number, kept for structured data ids. */
const SD_ID = 'audit@32473';
const MAX_BYTES = { udp: 8192, tcp: 65_536 } as const;

export interface SyslogTarget {
  host: string;
  port: number;
  protocol: 'udp' | 'tcp';
  appName: string;
}

function printable(s: string, max: number): string {
  const clean = s.replace(/[^!-~]/g, '_').slice(0, max);
  return clean || '-';
}

function sdValue(s: string): string {
  return s.replace(/[\\"\]]/g, (c) => `\\${c}`);
}

/** One entry as an RFC 5424 message: key fields as structured data, the whole entry as JSON text. */
export function formatSyslog(e: AuditEvent, target: SyslogTarget, hostname = os.hostname()): string {
  const params: Array<[string, string | null]> = [
    ['id', e.id.toString()],
    ['outcome', e.outcome],
    ['actor', e.actorEmail],
    ['role', e.actorRole],
    ['ip', e.sourceIp],
    ['targetType', e.targetType],
    ['target', e.targetName ?? e.targetId],
    ['domain', e.domain],
    ['hash', e.hash],
  ];
  const sd = `[${SD_ID}${params
    .filter((p): p is [string, string] => p[1] !== null && p[1] !== '')
    .map(([k, v]) => ` ${k}="${sdValue(v)}"`)
    .join('')}]`;
  const head = [
    `<${FACILITY * 8 + SEVERITY[e.outcome]}>1`,
    e.at.toISOString(),
    printable(hostname, 255),
    printable(target.appName, 48),
    String(process.pid),
    printable(e.action, 32),
    sd,
  ].join(' ');
  const body = { ...e, id: e.id.toString() };
  let message = `${head} ${canonicalJson(body)}`;
  // Collectors drop oversize datagrams: the values go first, and the message says so.
  if (Buffer.byteLength(message) > MAX_BYTES[target.protocol]) {
    message = `${head} ${canonicalJson({ ...body, before: null, after: null, truncated: true })}`;
  }
  return message;
}

/** RFC 6587 §3.4.1: "MSG-LEN SP SYSLOG-MSG". */
export function octetFrame(message: string): string {
  return `${Buffer.byteLength(message)} ${message}`;
}

export async function sendSyslog(target: SyslogTarget, messages: string[], timeoutMs = 5000): Promise<void> {
  if (messages.length === 0) return;
  if (target.protocol === 'udp') return sendUdp(target, messages);
  return sendTcp(target, messages, timeoutMs);
}

function sendUdp(target: SyslogTarget, messages: string[]): Promise<void> {
  const socket = dgram.createSocket(net.isIPv6(target.host) ? 'udp6' : 'udp4');
  const one = (m: string) =>
    new Promise<void>((resolve, reject) =>
      socket.send(m, target.port, target.host, (e) => (e ? reject(e) : resolve())),
    );
  return (async () => {
    try {
      for (const m of messages) await one(m);
    } finally {
      socket.close();
    }
  })();
}

function sendTcp(target: SyslogTarget, messages: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: target.host, port: target.port });
    const fail = (e: Error) => {
      socket.destroy();
      reject(e);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`syslog ${target.host}:${target.port} timed out`)));
    socket.once('error', fail);
    socket.once('connect', () => {
      socket.end(messages.map(octetFrame).join(''), () => {
        socket.destroy();
        resolve();
      });
    });
  });
}

export interface ForwarderOptions {
  prisma: PrismaClient;
  /** This process, for the lease ("host:pid"). */
  holder?: string;
  batch?: number;
  leaseMs?: number;
  log?: (message: string) => void;
}

export class AuditForwarder {
  private readonly holder: string;
  private lastLogged: string | null = null;
  private running: Promise<number> | null = null;

  constructor(private readonly opts: ForwarderOptions) {
    this.holder = opts.holder ?? `${os.hostname()}:${process.pid}`;
  }

  /** Sends the next batch if forwarding is on and this process holds the lease; returns how many were sent. */
  tick(): Promise<number> {
    this.running ??= this.forward().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  start(intervalMs = 1000): () => void {
    const timer = setInterval(() => {
      void this.tick().catch((e: unknown) => this.report(`forwarding failed: ${errorMessage(e)}`));
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  private async forward(): Promise<number> {
    const { prisma } = this.opts;
    const config = await prisma.auditConfig.findUnique({ where: { id: 1 } });
    if (!config?.syslogEnabled || !config.syslogHost) return 0;
    const leaseMs = this.opts.leaseMs ?? 15_000;
    const claimed = await prisma.$executeRaw`
      UPDATE "audit_forward_state" SET "holder" = ${this.holder},
        "leaseUntil" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${leaseMs / 1000})
      WHERE "id" = 1 AND ("holder" IS NULL OR "holder" = ${this.holder} OR "leaseUntil" < (now() AT TIME ZONE 'UTC'))`;
    if (claimed === 0) return 0;
    const state = await prisma.auditForwardState.findUniqueOrThrow({ where: { id: 1 } });
    const entries = await prisma.auditEvent.findMany({
      where: { id: { gt: state.lastId } },
      orderBy: { id: 'asc' },
      take: this.opts.batch ?? 500,
    });
    if (entries.length === 0) return 0;
    const target: SyslogTarget = {
      host: config.syslogHost,
      port: config.syslogPort,
      protocol: config.syslogProtocol === 'tcp' ? 'tcp' : 'udp',
      appName: config.syslogAppName,
    };
    try {
      await sendSyslog(
        target,
        entries.map((e) => formatSyslog(e, target)),
      );
    } catch (e) {
      const error = `${target.protocol}://${target.host}:${target.port}: ${errorMessage(e)}`;
      await prisma.auditForwardState.updateMany({
        where: { id: 1, holder: this.holder },
        data: { lastError: error, lastErrorAt: new Date() },
      });
      this.report(`syslog forwarding failed (will retry): ${error}`);
      return 0;
    }
    // Only the lease holder moves the cursor; it never moves back.
    await prisma.auditForwardState.updateMany({
      where: { id: 1, holder: this.holder, lastId: state.lastId },
      data: { lastId: entries.at(-1)!.id, lastSentAt: new Date(), lastError: null, lastErrorAt: null },
    });
    this.lastLogged = null;
    return entries.length;
  }

  /** Logs a problem once, not every second while it lasts. */
  private report(message: string) {
    if (message === this.lastLogged) return;
    this.lastLogged = message;
    if (this.opts.log) this.opts.log(message);
    else log.warn(`syslog forwarding: ${message}`);
  }
}
