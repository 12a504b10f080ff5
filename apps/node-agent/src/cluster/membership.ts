// Polls the configured peers' heartbeats and, on backends, re-runs the
// election after every poll round. Rounds never overlap: each heartbeat has a
// timeout shorter than the poll interval.
import {
  CLUSTER_SECRET_HEADER,
  endpoints,
  ZHeartbeat,
  type ClusterRole,
  type NodeRole,
  type Peer,
  type Readiness,
} from '@cc/node-api';
import { electRoles, type BackendRole, type Candidate } from './election';
import { peerFetch } from './peer-fetch';

export interface MembershipOptions {
  name: string;
  role: NodeRole;
  /** Our own heartbeat's startedAt, to tell ourselves from a namesake. */
  startedAt: string;
  /** Normalised admin URLs of the other nodes; our own URL is skipped once recognised. */
  peers: string[];
  clusterSecret: string | undefined;
  intervalMs?: number;
  deadAfterMs?: number;
  /** Role changes and peers coming and going, for the operator's log. */
  log?: (event: Record<string, unknown>) => void;
}

/** A live backend peer as of its latest heartbeat, for the Controller's placement. */
export interface BackendPeer {
  url: string;
  name: string;
  /** Undefined: an older node that doesn't say. */
  readiness?: Readiness | undefined;
  sessions?: number | undefined;
}

interface PeerState {
  url: string;
  name?: string;
  role?: NodeRole;
  clusterRole: ClusterRole;
  readiness?: Readiness | undefined;
  sessions?: number | undefined;
  lastSeen?: number;
  isSelf: boolean;
  /** Liveness as last logged, and why the latest poll failed. */
  wasAlive?: boolean;
  problem?: string;
}

export class Membership {
  private readonly states: PeerState[];
  private readonly intervalMs: number;
  private readonly deadAfterMs: number;
  /** A node claims nothing until its first round has heard from the peers. */
  private role: ClusterRole;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly opts: MembershipOptions) {
    this.states = opts.peers.map((url) => ({ url, clusterRole: 'none', isSelf: false }));
    this.intervalMs = opts.intervalMs ?? 500;
    this.deadAfterMs = opts.deadAfterMs ?? 1500;
    this.role = opts.role === 'backend' ? 'member' : 'none';
  }

  get clusterRole(): ClusterRole {
    return this.role;
  }

  /** Peers as shown in NodeStatus; never-reached peers are listed by URL. */
  peers(now = Date.now()): Peer[] {
    return this.states
      .filter((p) => !p.isSelf)
      .map((p) => ({ name: p.name ?? p.url, clusterRole: p.clusterRole, alive: this.alive(p, now) }));
  }

  /** Other backends that answered a heartbeat recently. */
  liveBackends(now = Date.now()): BackendPeer[] {
    return this.states
      .filter((p) => !p.isSelf && p.role === 'backend' && p.name !== undefined && this.alive(p, now))
      .map((p) => ({ url: p.url, name: p.name!, readiness: p.readiness, sessions: p.sessions }));
  }

  start(): void {
    const loop = () => {
      const began = Date.now();
      // A failed round must never become an unhandled rejection; the next one retries.
      this.current = this.round()
        .catch(() => undefined)
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

  private alive(p: PeerState, now: number): boolean {
    return p.lastSeen !== undefined && now - p.lastSeen <= this.deadAfterMs;
  }

  private async round(): Promise<void> {
    await Promise.allSettled(
      this.states
        .filter((p) => !p.isSelf)
        .map((p) =>
          this.poll(p).catch((err: unknown) => {
            p.problem = describeFailure(err);
          }),
        ),
    );
    if (this.stopped) return;
    const now = Date.now();
    for (const p of this.states) {
      if (p.isSelf) continue;
      const alive = this.alive(p, now);
      if (alive === p.wasAlive) continue;
      p.wasAlive = alive;
      this.opts.log?.({
        event: alive ? 'peer-up' : 'peer-down',
        peer: p.name ?? p.url,
        url: p.url,
        reason: alive ? undefined : p.problem,
      });
    }
    if (this.opts.role !== 'backend') return;
    const candidates: Candidate[] = [{ name: this.opts.name, claim: this.role as BackendRole }];
    for (const p of this.states) {
      if (p.isSelf || p.role !== 'backend' || !p.name || !this.alive(p, now)) continue;
      const claim = p.clusterRole === 'controller' || p.clusterRole === 'backup' ? p.clusterRole : 'member';
      candidates.push({ name: p.name, claim });
    }
    const next = electRoles(candidates).get(this.opts.name) ?? 'member';
    if (next !== this.role) {
      const from = this.role;
      this.role = next;
      this.opts.log?.({ event: 'cluster-role', from, to: next });
    }
  }

  private async poll(p: PeerState): Promise<void> {
    const res = await peerFetch(p.url + endpoints.clusterHeartbeat.path, {
      headers: { [CLUSTER_SECRET_HEADER]: this.opts.clusterSecret ?? '' },
      signal: AbortSignal.timeout(Math.max(100, Math.min(this.intervalMs - 50, this.deadAfterMs / 3))),
    });
    if (!res.ok) {
      await res.body?.cancel();
      p.problem = res.status === 401 ? 'peer rejected our cluster secret (401)' : `peer answered HTTP ${res.status}`;
      return;
    }
    const hb = ZHeartbeat.safeParse(await res.json());
    if (!hb.success) {
      p.problem = 'peer answered with something that is not a heartbeat';
      return;
    }
    p.problem = undefined;
    if (hb.data.name === this.opts.name) {
      // Launchers may hand every node the full list, ourselves included.
      if (hb.data.startedAt === this.opts.startedAt) p.isSelf = true;
      else p.problem = `another node also calls itself "${hb.data.name}"; node names must be unique`;
      return;
    }
    Object.assign(p, {
      name: hb.data.name,
      role: hb.data.role,
      clusterRole: hb.data.clusterRole,
      readiness: hb.data.readiness,
      sessions: hb.data.sessions,
      lastSeen: Date.now(),
    });
  }
}

function describeFailure(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'no answer in time';
  // node:http puts the code on the error itself, undici's fetch on its cause.
  const e = err as { code?: unknown; cause?: { code?: string } } | undefined;
  if (typeof e?.code === 'string') return e.code;
  return e?.cause?.code ?? (err instanceof Error ? err.message : String(err));
}
