// The Controller's placement rules against stand-in backends: least-loaded
// first, refusals fall through, and a session of unknown fate is never
// sent a second time.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClusterRole, PlaceSessionRequest } from '@cc/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionPlacement } from '../drivers';
import { Dispatcher } from './dispatcher';
import type { BackendPeer } from './membership';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** A backend that counts what it accepted; `answer` decides the status. */
async function peer(name: string, sessions: number, answer: 200 | 409 | 'hang' = 200) {
  const received: PlaceSessionRequest[] = [];
  const handler: RequestListener = (req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (answer === 'hang') return;
      if (answer === 409) return res.writeHead(409).end('{"error":{"code":"not-ready","message":"no"}}');
      received.push(JSON.parse(body) as PlaceSessionRequest);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sessions: ++sessions }));
    });
  };
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { info: { url, name, readiness: 'ready', sessions } as BackendPeer, received };
}

function localNode(open: number, accepting = true) {
  const placed: Array<{ session: PlaceSessionRequest; force: boolean }> = [];
  let drawn = 0;
  const local: SessionPlacement & { placed: typeof placed; draws: () => number; next: number } = {
    placed,
    next: 0,
    draws: () => drawn,
    accepting,
    get openSessions() {
      return open;
    },
    useTierArrivals: () => {},
    drawArrivals: () => {
      drawn++;
      return Array.from({ length: local.next }, (_, i) => ({ protocol: 'imap', account: `u${i}`, durationMs: 1000 }));
    },
    place(session, force = false) {
      if (!local.accepting && !force) return false;
      placed.push({ session, force });
      open++;
      return true;
    },
  };
  return local;
}

function dispatcher(local: SessionPlacement, peers: BackendPeer[], role: ClusterRole = 'controller') {
  const log: Array<Record<string, unknown>> = [];
  const d = new Dispatcher({
    membership: { clusterRole: role, liveBackends: () => peers },
    local,
    clusterSecret: 's',
    timeoutMs: 150,
    log: (e) => log.push(e),
  });
  return { d, log };
}

describe('Dispatcher', () => {
  it('places each new session on the least-loaded Ready backend', async () => {
    const a = await peer('a', 0);
    const local = localNode(10);
    local.next = 20;
    const { d } = dispatcher(local, [a.info, { ...a.info, name: 'drained', readiness: 'drained', sessions: 0 }]);
    await d.round();
    // a catches up to 10, then the two alternate.
    expect(a.received).toHaveLength(15);
    expect(local.placed).toHaveLength(5);
    expect(d.stats).toEqual({ placed: 20, refused: 0, uncertain: 0 });
  });

  it('moves on after a refusal, and reports when no backend takes sessions', async () => {
    const busy = await peer('busy', 0, 409);
    const ok = await peer('ok', 50);
    const local = localNode(0, false);
    local.next = 3;
    const { d, log } = dispatcher(local, [busy.info, ok.info]);
    await d.round();
    expect(ok.received).toHaveLength(3);
    expect(local.placed).toEqual([]); // Non-Ready and not alone

    const { d: d2, log: log2 } = dispatcher(local, [busy.info]);
    await d2.round();
    expect(d2.stats).toEqual({ placed: 0, refused: 3, uncertain: 0 });
    expect(log2).toContainEqual(expect.objectContaining({ event: 'arrivals-refused' }));
    expect(log).toEqual([]);
  });

  it('never sends a session elsewhere after a backend failed to answer', async () => {
    const hung = await peer('hung', 0, 'hang');
    const local = localNode(5);
    local.next = 3;
    const { d, log } = dispatcher(local, [hung.info]);
    await d.round();
    // The first went to the hung backend and may be open there; the rest skip it.
    expect(d.stats).toEqual({ placed: 2, refused: 0, uncertain: 1 });
    expect(local.placed.map((p) => p.session.account)).toEqual(['u1', 'u2']);
    expect(log).toContainEqual({ event: 'placement-uncertain', peer: 'hung', reason: 'timeout' });
  });

  it('draws nothing unless Controller; a lone Non-Ready Controller keeps serving', async () => {
    const local = localNode(3, false);
    local.next = 2;
    await dispatcher(local, [], 'backup').d.round();
    expect(local.draws()).toBe(0);
    await dispatcher(local, []).d.round();
    expect(local.placed.map((p) => p.force)).toEqual([true, true]);
  });
});
