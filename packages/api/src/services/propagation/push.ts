// How one node gets the newest revision: its change on top of the revision it
// holds (PATCH /v1/config, a few hundred bytes for a settings change), or the
// whole snapshot when the node is fresh, further behind than the retained
// changes, holds another revision than we thought (it refuses the change), or
// is an agent from before deltas (404/405; remembered, it gets snapshots).
import type { PrismaClient } from '@cc/db';
import {
  CONFIG_BASE_MISMATCH,
  NodeApiError,
  type ApplyConfigResponse,
  type ConfigDelta,
  type NodeClient,
} from '@cc/node-api';

import { errorMessage } from '../../errors';
import { accountPage, pushSnapshot, type AccountPage } from './account-set';
import { buildDelta } from './delta';
import { buildSnapshot, type BuiltSnapshot, type LeftOut } from './snapshot';

/** A snapshot or change that could not be built: only the pushes that need it fail. */
export class BuildError extends Error {}

type Built<T> = Promise<T | null | BuildError>;

/**
 * Account sets staged at once. A change or a snapshot is one request, but staging reads every account
 * page by page, a query each: 128 of them at once (a fleet of mail servers that starts over) would hold
 * every database connection and stall the console's own transactions.
 */
const STAGING_AT_ONCE = 8;
/** Account pages a pass keeps for the nodes it stages together (5,000 accounts, ~1 MB each). */
const PAGES_KEPT = 4;

/** What one pass sends, built once per base revision however many nodes hold it. */
export class PassContent {
  private readonly snapshots = new Map<bigint, Built<BuiltSnapshot>>();
  private readonly deltas = new Map<bigint, Built<{ delta: ConfigDelta; leftOut: LeftOut[] }>>();
  private readonly pages = new Map<string, Promise<AccountPage>>();
  private staging = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly prisma: PrismaClient) {}

  snapshot(from: bigint): Built<BuiltSnapshot> {
    let s = this.snapshots.get(from);
    if (!s) {
      s = buildSnapshot(this.prisma, from).catch((e: unknown) => new BuildError(errorMessage(e)));
      this.snapshots.set(from, s);
    }
    return s;
  }

  delta(base: bigint): Built<{ delta: ConfigDelta; leftOut: LeftOut[] }> {
    let d = this.deltas.get(base);
    if (!d) {
      d = this.snapshot(base).then(async (built) => {
        if (!built || built instanceof BuildError) return built;
        const delta = await buildDelta(this.prisma, built, base).catch((e: unknown) => new BuildError(errorMessage(e)));
        return delta instanceof BuildError || delta === null ? delta : { delta, leftOut: built.leftOut };
      });
      this.deltas.set(base, d);
    }
    return d;
  }

  /** A page of the account set, read once for all the nodes this pass stages at about the same time. */
  readonly page = (after: string | null, size: number): Promise<AccountPage> => {
    const key = `${size}:${after ?? ''}`;
    let p = this.pages.get(key);
    if (!p) {
      p = accountPage(this.prisma, after, size);
      p.catch(() => this.pages.delete(key));
      this.pages.set(key, p);
      for (const old of this.pages.keys()) if (this.pages.size > PAGES_KEPT) this.pages.delete(old);
    }
    return p;
  };

  /** Runs `push` once fewer than STAGING_AT_ONCE account sets are being staged. */
  async staged<T>(push: () => Promise<T>): Promise<T> {
    if (this.staging >= STAGING_AT_ONCE) await new Promise<void>((r) => this.waiting.push(r));
    else this.staging += 1;
    try {
      return await push();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.staging -= 1;
    }
  }

  /** Every snapshot built in this pass (for reporting objects left out). */
  built(): Array<Built<BuiltSnapshot>> {
    return [...this.snapshots.values()];
  }
}

export interface PushTarget {
  client: NodeClient;
  /** The revision the node holds as far as we know (0: unknown). */
  base: bigint;
  /** Stage the whole account set before a reset (nodes that keep one). */
  stage: boolean;
  /** The node answered 404/405 to a change before: whole snapshots only. */
  snapshotsOnly: boolean;
}

export type PushResult =
  | { sent: 'delta' | 'snapshot'; response: ApplyConfigResponse; leftOut: LeftOut[] }
  | { sent: 'snapshots-only'; response: ApplyConfigResponse; leftOut: LeftOut[] };

/** Pushes the newest revision to one node; null when it needs nothing. Throws BuildError or NodeApiError. */
export async function pushRevision(
  prisma: PrismaClient,
  content: PassContent,
  target: PushTarget,
  stagePageSize?: number,
): Promise<PushResult | null> {
  const { client, base, stage } = target;
  let from = base;
  let snapshotsOnly = target.snapshotsOnly;
  if (base > 0n && !snapshotsOnly) {
    const d = await content.delta(base);
    if (d instanceof BuildError) throw d;
    if (d) {
      try {
        return { sent: 'delta', response: await client.applyConfigDelta(d.delta), leftOut: d.leftOut };
      } catch (e) {
        if (!(e instanceof NodeApiError)) throw e;
        if (e.code === CONFIG_BASE_MISMATCH) from = 0n;
        else if (e.status === 404 || e.status === 405) snapshotsOnly = true;
        else throw e;
      }
    }
  }
  const built = await content.snapshot(from);
  if (built instanceof BuildError) throw built;
  if (!built) return null;
  const push = () => pushSnapshot(prisma, client, built.snapshot, stagePageSize, stage, content.page);
  const response = await (stage && built.snapshot.accountsReset ? content.staged(push) : push());
  return { sent: snapshotsOnly ? 'snapshots-only' : 'snapshot', response, leftOut: built.leftOut };
}
