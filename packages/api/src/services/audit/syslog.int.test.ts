import dgram from 'node:dgram';
import net, { type AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callerAs, createTestDeps } from '../../../test/db';
import { AuditForwarder } from './syslog';
import { SYSTEM_ACTOR, writeAudit } from './write-audit';

type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let admin: Awaited<ReturnType<typeof callerAs>>;

// RFC 5424: <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD-ID params] MSG
const RFC5424 =
  /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\d+) (\S+) (\[audit@32473(?: [A-Za-z]+="(?:[^"\\\]]|\\.)*")*\]) (.*)$/s;

function parse(message: string) {
  const m = RFC5424.exec(message);
  if (!m) throw new Error(`not RFC 5424: ${message.slice(0, 200)}`);
  const [, pri, at, , app, , msgid, sd, body] = m;
  return { pri: Number(pri), at, app, msgid, sd: sd!, json: JSON.parse(body!) as Record<string, unknown> };
}

/** Splits an RFC 6587 octet-counted TCP stream: "LEN SP MSG" repeated. */
function unframe(stream: Buffer): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < stream.length) {
    const space = stream.indexOf(0x20, i);
    const len = Number(stream.subarray(i, space).toString());
    out.push(stream.subarray(space + 1, space + 1 + len).toString());
    i = space + 1 + len;
  }
  return out;
}

async function configure(input: { enabled: boolean; host?: string; port: number; protocol: 'udp' | 'tcp' }) {
  const { version } = await admin.audit.syslogSettings();
  await admin.audit.updateSyslog({ host: '127.0.0.1', appName: 'cc-test', expectedVersion: version, ...input });
}

beforeAll(async () => {
  deps = await createTestDeps();
  admin = await callerAs(deps, 'SERVER_ADMIN');
});
afterAll(async () => deps?.dispose());

describe('syslog forwarding', () => {
  it('sends new entries over UDP as RFC 5424 messages, each once, and keeps its cursor', async () => {
    await writeAudit(deps.db.prisma, SYSTEM_ACTOR, { action: 'test.before-enabling', outcome: 'SUCCESS' });
    const socket = dgram.createSocket('udp4');
    const received: string[] = [];
    socket.on('message', (m) => received.push(m.toString()));
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
    try {
      await configure({ enabled: true, port: (socket.address() as AddressInfo).port, protocol: 'udp' });
      await writeAudit(
        deps.db.prisma,
        { ...SYSTEM_ACTOR, email: 'quote"bracket]@x' },
        {
          action: 'test.forwarded',
          targetType: 'node',
          targetName: 'mail-1',
          after: { big: 'x'.repeat(100) },
          outcome: 'FAILURE',
          error: 'node said no',
        },
      );
      const forwarder = new AuditForwarder({ prisma: deps.db.prisma });
      expect(await forwarder.tick()).toBe(2);
      await until(() => received.length >= 2);
      const [change, entry] = received.map(parse);
      // The change that enabled forwarding is the first entry sent; nothing from before it.
      expect(change!.msgid).toBe('audit.updateSyslog');
      expect(entry).toMatchObject({ app: 'cc-test', msgid: 'test.forwarded', pri: 13 * 8 + 3 });
      expect(entry!.sd).toContain('actor="quote\\"bracket\\]@x"');
      expect(entry!.sd).toMatch(/ hash="[0-9a-f]{64}"/);
      expect(entry!.json).toMatchObject({
        action: 'test.forwarded',
        error: 'node said no',
        after: { big: 'x'.repeat(100) },
      });
      // A new forwarder (a restart) starts at the stored cursor: nothing is sent twice.
      expect(await new AuditForwarder({ prisma: deps.db.prisma }).tick()).toBe(0);
      expect((await admin.audit.syslogSettings()).forwarder).toMatchObject({ lastError: null });
    } finally {
      socket.close();
    }
  });

  it('sends over TCP with octet-counting framing, and retries what a dead collector missed', async () => {
    const chunks: Buffer[] = [];
    const server = net.createServer((s) => s.on('data', (d) => chunks.push(d)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      await configure({ enabled: true, port, protocol: 'tcp' });
      for (const n of ['ünïcode ✓', 'line\nbreak']) {
        await writeAudit(deps.db.prisma, SYSTEM_ACTOR, { action: 'test.tcp', targetName: n, outcome: 'SUCCESS' });
      }
      const forwarder = new AuditForwarder({ prisma: deps.db.prisma });
      expect(await forwarder.tick()).toBe(3);
      await until(() => unframe(Buffer.concat(chunks)).length >= 3);
      const messages = unframe(Buffer.concat(chunks)).map(parse);
      expect(messages.map((m) => m.json.targetName)).toEqual(['audit log', 'ünïcode ✓', 'line\nbreak']);

      // The collector goes away: the error is kept, the cursor stays, and the entry goes out later.
      await new Promise<void>((r) => server.close(() => r()));
      await writeAudit(deps.db.prisma, SYSTEM_ACTOR, { action: 'test.while-down', outcome: 'SUCCESS' });
      expect(await forwarder.tick()).toBe(0);
      expect((await admin.audit.syslogSettings()).forwarder.lastError).toMatch(/ECONNREFUSED|refused/);
      chunks.length = 0;
      await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
      expect(await forwarder.tick()).toBe(1);
      await until(() => chunks.length > 0);
      expect(unframe(Buffer.concat(chunks)).map((m) => parse(m).msgid)).toEqual(['test.while-down']);
    } finally {
      server.close();
    }
  });

  it('forwards nothing while disabled; one process at a time holds the lease', async () => {
    await configure({ enabled: false, port: 9, protocol: 'udp' });
    await writeAudit(deps.db.prisma, SYSTEM_ACTOR, { action: 'test.disabled', outcome: 'SUCCESS' });
    expect(await new AuditForwarder({ prisma: deps.db.prisma }).tick()).toBe(0);
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
    try {
      await configure({ enabled: true, port: (socket.address() as AddressInfo).port, protocol: 'udp' });
      // This process holds the lease (from the tests above); another process waits until it lapses.
      const one = new AuditForwarder({ prisma: deps.db.prisma, leaseMs: 300 });
      const two = new AuditForwarder({ prisma: deps.db.prisma, holder: 'other-host:1' });
      expect(await one.tick()).toBe(1);
      await writeAudit(deps.db.prisma, SYSTEM_ACTOR, { action: 'test.lease', outcome: 'SUCCESS' });
      expect(await two.tick()).toBe(0);
      await new Promise((r) => setTimeout(r, 400));
      expect(await two.tick()).toBe(1);
      expect((await admin.audit.syslogSettings()).forwarder.holder).toBe('other-host:1');
    } finally {
      socket.close();
    }
  });
});

async function until(probe: () => boolean, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
