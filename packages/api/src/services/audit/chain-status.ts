import type { PrismaClient } from '@cc/db';

import { verifyAuditChain, type VerifyResult } from './verify';

/** A full pass re-reads every entry: at most this often unless asked for. */
const FULL_EVERY_MS = 60 * 60_000;
/** A broken chain stays broken; recheck it fully at most this often. */
const BROKEN_RECHECK_MS = 60_000;

export interface ChainStatus {
  intact: boolean;
  checked: number;
  unchained: number;
  brokenAt: string | null;
  reason: string;
  /** When every entry was last re-read; entries written since were checked incrementally. */
  fullCheckAt: Date;
  checkedAt: Date;
}

interface Known {
  result: VerifyResult;
  fullAt: number;
  at: number;
}

/**
 * The chain badge's answer, cheap enough for every page view with a million entries: one full pass
 * (all entries re-read and rehashed), then only the entries written since, until the next full pass
 * (hourly, or when asked). The last verified entry is re-read each time, so a rewrite of the tip or
 * a retention archive forces a full pass. One state per database client, one pass at a time.
 */
export class ChainMonitor {
  private known: Known | null = null;
  private running: Promise<ChainStatus> | null = null;

  constructor(private readonly prisma: PrismaClient) {}

  status(opts: { full?: boolean } = {}): Promise<ChainStatus> {
    this.running ??= this.check(opts.full ?? false).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async check(forceFull: boolean): Promise<ChainStatus> {
    const now = Date.now();
    const k = this.known;
    let full =
      forceFull || !k || now - k.fullAt > FULL_EVERY_MS || (!k.result.intact && now - k.at > BROKEN_RECHECK_MS);
    if (k && !k.result.intact && !full) return this.publish(k);
    if (!full && k?.result.lastId !== undefined && k.result.lastHash !== undefined && k.result.lastId > 0n) {
      const tip = await this.prisma.auditEvent.findUnique({ where: { id: k.result.lastId }, select: { hash: true } });
      if (tip?.hash !== k.result.lastHash) full = true;
    }
    const resume =
      !full && k?.result.lastId !== undefined && k.result.lastHash !== undefined
        ? {
            afterId: k.result.lastId,
            hash: k.result.lastHash,
            checked: k.result.checked,
            unchained: k.result.unchained,
          }
        : undefined;
    const result = await verifyAuditChain(this.prisma, resume ? { resume } : {});
    const known = { result, fullAt: resume ? k!.fullAt : now, at: now };
    this.known = known;
    return this.publish(known);
  }

  private publish(k: Known): ChainStatus {
    return {
      intact: k.result.intact,
      checked: k.result.checked,
      unchained: k.result.unchained,
      brokenAt: k.result.brokenAt?.toString() ?? null,
      reason: k.result.reason,
      fullCheckAt: new Date(k.fullAt),
      checkedAt: new Date(k.at),
    };
  }
}

const monitors = new WeakMap<PrismaClient, ChainMonitor>();

export function chainMonitor(prisma: PrismaClient): ChainMonitor {
  let m = monitors.get(prisma);
  if (!m) monitors.set(prisma, (m = new ChainMonitor(prisma)));
  return m;
}
