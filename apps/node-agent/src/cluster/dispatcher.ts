// The Controller's part of session placement (simulation): it draws the new
// sessions of the whole backend tier and places each on the least-loaded
// Ready backend, the way a Dynamic Cluster Controller steers new sessions
// away from withdrawn servers. Each session is drawn once, by whoever is
// Controller, and sent to one backend at a time, so none is placed twice.
import { CLUSTER_SECRET_HEADER, endpoints, ZPlaceSessionResponse, type PlaceSessionRequest } from '@cc/node-api';
import type { SessionPlacement } from '../drivers';
import type { BackendPeer, Membership } from './membership';
import { peerFetch } from './peer-fetch';

export interface DispatcherOptions {
  membership: Pick<Membership, 'clusterRole' | 'liveBackends'>;
  local: SessionPlacement;
  clusterSecret: string;
  /** How often arrivals are drawn and placed; default 1000 ms. */
  intervalMs?: number;
  /** Per placement call, so a hung backend costs one round at most this much; default 500 ms. */
  timeoutMs?: number;
  log?: (event: Record<string, unknown>) => void;
}

/** `peer` undefined is this node. `load` is open sessions, kept current as we place. */
interface Target {
  peer?: BackendPeer;
  load: number;
}

type Outcome = 'placed' | 'refused' | 'uncertain';

export class Dispatcher {
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private lastDraw: number | undefined;
  private refusing = false;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private stopped = false;
  /** Since start: placed, refused by every Ready backend, or of unknown fate (timeout, 5xx). */
  readonly stats: Record<Outcome, number> = { placed: 0, refused: 0, uncertain: 0 };

  constructor(private readonly opts: DispatcherOptions) {
    this.intervalMs = opts.intervalMs ?? 1000;
    this.timeoutMs = opts.timeoutMs ?? 500;
  }

  start(): void {
    const loop = () => {
      const began = Date.now();
      this.current = this.round()
        .catch((err: unknown) => this.opts.log?.({ event: 'error', message: `placement round: ${String(err)}` }))
        .finally(() => {
          if (this.stopped) return;
          this.timer = setTimeout(loop, Math.max(0, this.intervalMs - (Date.now() - began)));
          this.timer.unref();
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }

  /** One draw-and-place round; public so tests can run one without waiting. */
  async round(): Promise<void> {
    if (this.opts.membership.clusterRole !== 'controller') {
      // Arrivals pause without a Controller; a new one starts afresh rather than replaying the gap.
      this.lastDraw = undefined;
      return;
    }
    const now = Date.now();
    const seconds = this.lastDraw === undefined ? this.intervalMs / 1000 : Math.min(5, (now - this.lastDraw) / 1000);
    this.lastDraw = now;
    const peers = this.opts.membership.liveBackends(now);
    const alone = peers.length === 0;
    const arrivals = this.opts.local.drawArrivals(seconds, peers.length + 1);
    const targets: Target[] = [
      ...(this.opts.local.accepting || alone ? [{ load: this.opts.local.openSessions }] : []),
      // Older nodes don't report readiness; they answer 409 or 404 if they can't take sessions.
      ...peers.filter((p) => (p.readiness ?? 'ready') === 'ready').map((peer) => ({ peer, load: peer.sessions ?? 0 })),
    ];
    let refused = 0;
    for (const session of arrivals) {
      if (this.stopped) return;
      const outcome = await this.placeOne(session, targets, alone);
      this.stats[outcome]++;
      if (outcome === 'refused') refused++;
    }
    // Logged on change only: a whole tier that is Non-Ready would otherwise log every second.
    if (refused > 0 !== this.refusing) {
      this.refusing = refused > 0;
      this.opts.log?.(
        this.refusing
          ? { event: 'arrivals-refused', reason: 'no Ready backend takes new sessions', refused }
          : { event: 'arrivals-placed-again' },
      );
    }
  }

  /** Least-loaded first; a backend that definitely refused is skipped for the rest of the round. */
  private async placeOne(session: PlaceSessionRequest, targets: Target[], alone: boolean): Promise<Outcome> {
    for (const target of [...targets].sort((a, b) => a.load - b.load)) {
      const result = target.peer ? await this.remote(target.peer, session) : this.local(session, alone);
      if (typeof result === 'number') {
        target.load = result;
        return 'placed';
      }
      targets.splice(targets.indexOf(target), 1);
      // The backend may have opened it: trying another could place it twice.
      if (result === 'uncertain') return 'uncertain';
    }
    return 'refused';
  }

  private local(session: PlaceSessionRequest, alone: boolean): number | 'refused' {
    // A Non-Ready Controller still serves while it is the only live backend.
    return this.opts.local.place(session, alone) ? this.opts.local.openSessions : 'refused';
  }

  private async remote(peer: BackendPeer, session: PlaceSessionRequest): Promise<number | 'refused' | 'uncertain'> {
    let res: Response;
    let body: unknown;
    try {
      res = await peerFetch(peer.url + endpoints.clusterPlaceSession.path, {
        method: 'POST',
        headers: { [CLUSTER_SECRET_HEADER]: this.opts.clusterSecret, 'content-type': 'application/json' },
        body: JSON.stringify(session),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      body = await res.json().catch(() => undefined);
    } catch (err) {
      // A refused connection never reached the node; a timeout or reset may have.
      if (causeCode(err) === 'ECONNREFUSED') return 'refused';
      this.opts.log?.({ event: 'placement-uncertain', peer: peer.name, reason: causeCode(err) ?? String(err) });
      return 'uncertain';
    }
    if (res.ok) {
      const parsed = ZPlaceSessionResponse.safeParse(body);
      return parsed.success ? parsed.data.sessions : (peer.sessions ?? 0) + 1;
    }
    // 4xx: the handler declined or never ran (409 not Ready, 404 an older node). 5xx: unknown.
    if (res.status < 500) {
      if (res.status !== 409) this.opts.log?.({ event: 'placement-refused', peer: peer.name, status: res.status });
      return 'refused';
    }
    this.opts.log?.({ event: 'placement-uncertain', peer: peer.name, reason: `HTTP ${res.status}` });
    return 'uncertain';
  }
}

function causeCode(err: unknown): string | undefined {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'timeout';
  // node:http puts the code on the error itself, undici's fetch on its cause.
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  if (typeof e?.code === 'string') return e.code;
  return typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
}
