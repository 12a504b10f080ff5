// A frontend's real client listeners, driven over TCP and the admin API.
// `scale: 0` turns the simulated arrivals off so every session is one of ours.
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { createNodeClient, type NodeStatus, type SessionProtocol } from '@cc/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { agent, freePort, TOKEN, waitFor } from './test-helpers';

const sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
});

/** A raw client connection that collects what the server sends. */
async function dial(port: number) {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  let received = '';
  socket.on('data', (d: Buffer) => (received += d.toString()));
  const closed = once(socket, 'close').then(() => true);
  await once(socket, 'connect');
  const read = async (pattern: RegExp) => {
    const deadline = Date.now() + 2000;
    while (!pattern.test(received)) {
      if (Date.now() > deadline) throw new Error(`expected ${pattern}, got ${JSON.stringify(received)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return received;
  };
  return { socket, read, closed };
}

/** The error code of a connection attempt, or 'connected'. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

const clientPorts = (s: NodeStatus) =>
  Object.fromEntries(s.listeners.filter((l) => l.protocol !== 'admin').map((l) => [l.protocol, l.port])) as Record<
    SessionProtocol,
    number
  >;

async function frontend() {
  const a = await agent({ role: 'frontend', name: 'fe-1', scale: 0 });
  const client = createNodeClient({ baseUrl: a.adminUrl, token: TOKEN });
  const status = await client.status();
  return { a, client, status, ports: clientPorts(status) };
}

describe('frontend client listeners', () => {
  it('greets on every client port and counts each connection as a session until the client leaves', async () => {
    const { client, status, ports } = await frontend();
    expect(status.listeners.every((l) => l.open)).toBe(true);
    expect(new Set(Object.values(ports)).size).toBe(4);
    expect((await client.info()).capabilities).toEqual(
      expect.arrayContaining(['readiness', 'end-sessions', 'client-listeners']),
    );

    const imap = await dial(ports.imap);
    expect(await imap.read(/\r\n/)).toBe('* OK Cluster Console simulated IMAP ready\r\n');
    const pop = await dial(ports.pop);
    expect(await pop.read(/\r\n/)).toBe('+OK Cluster Console simulated POP3 ready\r\n');
    const smtp = await dial(ports.smtp);
    expect(await smtp.read(/\r\n/)).toMatch(/^220 fe-1 ESMTP /);
    const http = await dial(ports.http);
    http.socket.write('GET / HTTP/1.1\r\nhost: fe-1\r\n\r\n');
    expect(await http.read(/simulated webmail\n$/)).toMatch(/^HTTP\/1\.1 200 OK\r\n/);

    const during = await client.status();
    expect(during.load.sessions).toEqual({ imap: 1, pop: 1, smtp: 1, http: 1 });
    expect(during.sessionCounters).toEqual({ started: 4, endedNormally: 0, endedByAdmin: 0 });

    imap.socket.write('a1 LOGOUT\r\n');
    expect(await imap.read(/a1 OK/)).toContain('* BYE');
    expect(await imap.closed).toBe(true);
    pop.socket.end();
    const after = await waitFor(
      async () => {
        const s = await client.status();
        return s.sessionCounters?.endedNormally === 2 ? s : undefined;
      },
      2000,
      'the two sessions to end',
    );
    expect(after.load.sessions).toEqual({ imap: 0, pop: 0, smtp: 1, http: 1 });
  });

  it('Non-Ready refuses new connections within 1 s, keeps open ones, and Ready reopens the same ports', async () => {
    const { client, ports } = await frontend();
    const existing = await dial(ports.imap);
    await existing.read(/\r\n/);

    const began = performance.now();
    const nonReady = await client.setReadiness(false);
    const codes = await Promise.all(Object.values(ports).map(tryConnect));
    const closedAfterMs = performance.now() - began;
    expect(codes).toEqual(['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']);
    expect(closedAfterMs).toBeLessThan(1000);
    console.info(`non-ready -> all 4 client ports refusing: ${closedAfterMs.toFixed(1)} ms`);
    expect(nonReady).toMatchObject({ readiness: 'non-ready', drain: null });
    expect(nonReady.listeners.filter((l) => l.protocol !== 'admin').every((l) => !l.open)).toBe(true);
    expect(nonReady.listeners).toContainEqual(expect.objectContaining({ protocol: 'admin', open: true }));
    expect(clientPorts(nonReady)).toEqual(ports);

    // The connection made before still works and still counts.
    existing.socket.write('a1 NOOP\r\n');
    expect(await existing.read(/a1 OK NOOP completed\r\n/)).toBeTruthy();
    expect((await client.setReadiness(false)).load.sessions.imap).toBe(1); // idempotent

    const ready = await client.setReadiness(true);
    expect(ready.readiness).toBe('ready');
    expect(clientPorts(ready)).toEqual(ports);
    expect(ready.listeners.every((l) => l.open)).toBe(true);
    const again = await dial(ports.pop);
    expect(await again.read(/\r\n/)).toMatch(/^\+OK/);
    expect((await client.status()).sessionCounters?.started).toBe(2);
  });

  it('endSessions cuts every client connection and counts them as ended by the admin', async () => {
    const { client, ports } = await frontend();
    const conns = await Promise.all([dial(ports.imap), dial(ports.smtp)]);
    await Promise.all(conns.map((c) => c.read(/\r\n/)));
    expect(await client.endSessions()).toEqual({ ended: 2 });
    expect(await Promise.all(conns.map((c) => c.closed))).toEqual([true, true]);
    const s = await client.status();
    expect(s.sessionCounters).toEqual({ started: 2, endedNormally: 0, endedByAdmin: 2 });
    expect(s.load.sessions).toEqual({ imap: 0, pop: 0, smtp: 0, http: 0 });
    expect(s.readiness).toBe('ready');
  });

  it('listens on the configured ports and reports a port that is taken', async () => {
    const imapPort = await freePort();
    const a = await agent({ role: 'frontend', name: 'fe-2', clientPorts: { imap: imapPort } });
    const s = await createNodeClient({ baseUrl: a.adminUrl, token: TOKEN }).status();
    expect(s.listeners).toContainEqual({ protocol: 'imap', port: imapPort, open: true });

    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const taken = (blocker.address() as { port: number }).port;
    try {
      await expect(agent({ role: 'frontend', name: 'fe-3', clientPorts: { smtp: taken } })).rejects.toThrow(
        `smtp port 127.0.0.1:${taken} is already in use`,
      );
    } finally {
      blocker.close();
    }
  });
});
