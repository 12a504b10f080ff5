import type { Database, SqlRunner } from '@cc/db';

import { changeFeed, type ChangeFeed } from '../../change-feed';
import { clusterOverview, overviewOf, type OverviewTotals } from './cluster-overview';
import {
  healthOf,
  listNodes,
  loadLease,
  pageOf,
  STATUS_FIELDS,
  type LeaseColumns,
  type ListNodesInput,
  type RowRecord,
} from './list-nodes';

/** A snapshot read this recently is reloaded as soon as a change is announced, not at the next read. */
const WARM_MS = 30_000;
/** Changes arriving faster than the snapshot loads: after this many reloads a read goes to the database. */
const MAX_RELOADS_PER_READ = 3;

/** A node of the image: its row's record and its place in name order (the order leaders are named in). */
type ImageRecord = RowRecord & { nameRank: number };

/**
 * The image's time columns, read as epoch ms (pg would read a `timestamp` in the local zone); a time
 * column added to the row must be added here (the int test comparing with listNodes says so).
 */
const TIME_FIELDS = new Set(['createdAt', 'drainRequestedAt', 'drainDeadline', 'lastSeenAt', 'startedAt']);
const column = (table: string, f: string) =>
  TIME_FIELDS.has(f) ? `(extract(epoch FROM ${table}."${f}") * 1000)::float8 AS "${f}"` : `${table}."${f}"`;
const IMAGE_SQL = `SELECT n.id, n.name, n.role::text AS role, n."adminUrl",
    ${['createdAt', 'drainRequestedAt', 'drainDeadline'].map((f) => column('n', f)).join(', ')},
    s."nodeId" AS "statusNodeId", ${STATUS_FIELDS.map((f) => column('s', f)).join(', ')},
    (row_number() OVER (ORDER BY n.name))::float8 AS "nameRank"
  FROM node n LEFT JOIN node_status s ON s."nodeId" = n.id
  ORDER BY n.role, n.name`;

/**
 * Every node in the order pages list them (role, then name, as the database sorts). Plain SQL, not the
 * ORM: a thousand rows twice a second cost 40 ms each through Prisma's raw query.
 */
async function loadImageRecords(sql: SqlRunner): Promise<ImageRecord[]> {
  const rows = await sql.query<Record<string, unknown>>(IMAGE_SQL);
  const time = (v: unknown) => (v === null ? null : new Date(v as number));
  return rows.map((r) => ({
    id: r.id as string,
    name: r.name as string,
    role: r.role as RowRecord['role'],
    adminUrl: r.adminUrl as string,
    createdAt: time(r.createdAt)!,
    drainRequestedAt: time(r.drainRequestedAt),
    drainDeadline: time(r.drainDeadline),
    status:
      r.statusNodeId === null
        ? null
        : (Object.fromEntries(
            STATUS_FIELDS.map((f) => [f, TIME_FIELDS.has(f) ? time(r[f]) : r[f]]),
          ) as RowRecord['status']),
    nameRank: r.nameRank as number,
  }));
}

interface Image {
  nodes: ImageRecord[];
  lease: LeaseColumns;
  /** Every name is ASCII: the search below folds case as the database does only for those. */
  asciiNames: boolean;
}

/**
 * The Single Service Image (every node's row and the collector lease) kept in memory, so nodes.list,
 * cluster.overview and nodes.watch filter, page and total it instead of querying per request. Triggers
 * announce every statement on node, node_status and collector_lease (the collector's flush is one);
 * the next read reloads what changed, once for all readers (the lease alone on a heartbeat). Reads
 * first sync with the change feed, so they see everything committed before them, as the queries did;
 * without the feed they query the database.
 */
class SsiSnapshot {
  private image: Image | null = null;
  /** Bumped per announcement; an image is current when it was loaded at the latest generation. */
  private nodesGen = 0;
  private leaseGen = 0;
  private loadedNodesGen = -1;
  private loadedLeaseGen = -1;
  private loading: Promise<void> | null = null;
  private readAt = 0;

  constructor(
    private readonly db: Database,
    private readonly feed: ChangeFeed,
  ) {
    feed.on('cc_ssi', (table: string) => {
      if (table === 'collector_lease') this.leaseGen++;
      else this.nodesGen++;
      if (Date.now() - this.readAt < WARM_MS) void this.reload().catch(() => undefined);
    });
    feed.on('reset', () => {
      this.nodesGen++;
      this.leaseGen++;
    });
  }

  /** The current image; null when it cannot be known current (no feed, or changes outpace reloads). */
  async current(): Promise<Image | null> {
    this.readAt = Date.now();
    if (!(await this.feed.sync())) return null;
    for (let i = 0; i <= MAX_RELOADS_PER_READ; i++) {
      if (this.image && this.loadedNodesGen === this.nodesGen && this.loadedLeaseGen === this.leaseGen) {
        return this.image;
      }
      await this.reload();
    }
    return null;
  }

  private reload(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(): Promise<void> {
    const nodesGen = this.nodesGen;
    const leaseGen = this.leaseGen;
    const prisma = this.db.prisma;
    if (!this.image || this.loadedNodesGen !== nodesGen) {
      const [nodes, lease] = await Promise.all([loadImageRecords(this.db.sql), loadLease(prisma)]);
      this.image = { nodes, lease, asciiNames: nodes.every((n) => isAscii(n.name)) };
    } else {
      this.image = { ...this.image, lease: await loadLease(prisma) };
    }
    this.loadedNodesGen = nodesGen;
    this.loadedLeaseGen = leaseGen;
  }
}

const isAscii = (text: string) => /^[\x20-\x7e]*$/.test(text);

/**
 * `name ILIKE '%search%'` for ASCII: LIKE's wildcards stay wildcards (`%` any run, `_` any one
 * character, a backslash takes the next character as it is), letters match either case.
 */
export function ilikeContains(search: string): (name: string) => boolean {
  let source = '';
  const pattern = `%${search}%`;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) source += escapeRegex(pattern[++i]!.toLowerCase());
    else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += escapeRegex(c.toLowerCase());
  }
  const re = new RegExp(`^${source}$`);
  return (name) => re.test(name.toLowerCase());
}

const escapeRegex = (c: string) => c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

const KEY = Symbol.for('cluster-console.ssi-snapshots');
const g = globalThis as { [KEY]?: WeakMap<Database, SsiSnapshot> };

function snapshotFor(db: Database): SsiSnapshot {
  const snapshots = (g[KEY] ??= new WeakMap());
  let snapshot = snapshots.get(db);
  if (!snapshot) {
    snapshot = new SsiSnapshot(db, changeFeed(db));
    snapshots.set(db, snapshot);
  }
  return snapshot;
}

/** nodes.list from the in-memory image: exactly what listNodes answers from the database. */
export async function readNodesPage(db: Database, input: ListNodesInput, now = Date.now()) {
  const image = await snapshotFor(db).current();
  // Non-ASCII text is left to the database, whose case folding depends on its locale.
  if (!image || (input.search && !(image.asciiNames && isAscii(input.search)))) {
    return listNodes(db.prisma, input, now);
  }
  const matches = input.search ? ilikeContains(input.search) : null;
  const found = image.nodes.filter((n) => (!input.role || n.role === input.role) && (!matches || matches(n.name)));
  const start = (input.page - 1) * input.pageSize;
  return pageOf(found.slice(start, start + input.pageSize), found.length, input, healthOf(image.lease, now), now);
}

/** cluster.overview from the in-memory image: exactly what clusterOverview answers from the database. */
export async function readOverview(db: Database, now = Date.now()) {
  const image = await snapshotFor(db).current();
  if (!image) return clusterOverview(db.prisma, now);
  const health = healthOf(image.lease, now);
  const t: OverviewTotals = {
    nodes: image.nodes.length,
    frontends: 0,
    backends: 0,
    live: 0,
    ready: 0,
    draining: 0,
    drained: 0,
    nonReady: 0,
    sessionsTotal: 0,
    sessionsImap: 0,
    sessionsPop: 0,
    sessionsSmtp: 0,
    sessionsHttp: 0,
    accountsOpen: 0,
    queueTotal: null,
    queueDeferred: null,
    avgCpuPercent: null,
    leaders: null,
  };
  const leaders: ImageRecord[] = [];
  let cpu = 0;
  for (const n of image.nodes) {
    if (n.role === 'FRONTEND') t.frontends++;
    else t.backends++;
    const s = n.status;
    // Heard from at or after the cutoff: the nodes the SQL aggregate runs over.
    if (!s?.lastSeenAt || s.lastSeenAt.getTime() < health.downBefore) continue;
    t.live++;
    if (s.readiness === 'ready') t.ready++;
    else if (s.readiness === 'draining') t.draining++;
    else if (s.readiness === 'drained') t.drained++;
    else if (s.readiness === 'non-ready') t.nonReady++;
    t.sessionsTotal += s.sessionsTotal;
    t.sessionsImap += s.sessionsImap;
    t.sessionsPop += s.sessionsPop;
    t.sessionsSmtp += s.sessionsSmtp;
    t.sessionsHttp += s.sessionsHttp;
    t.accountsOpen += s.accountsOpen;
    if (s.queueTotal !== null) t.queueTotal = (t.queueTotal ?? 0) + s.queueTotal;
    if (s.queueDeferred !== null) t.queueDeferred = (t.queueDeferred ?? 0) + s.queueDeferred;
    cpu += s.cpuPercent;
    if (s.clusterRole === 'controller' || s.clusterRole === 'backup') leaders.push(n);
  }
  if (t.live > 0) t.avgCpuPercent = cpu / t.live;
  if (leaders.length > 0) {
    t.leaders = leaders
      .sort((a, b) => a.nameRank - b.nameRank)
      .map((n) => ({ clusterRole: n.status!.clusterRole!, id: n.id, name: n.name }));
  }
  return overviewOf(t, health, now);
}
