import { fetchCertificate } from '@cc/node-api';

import { configuredNodeCa } from '../nodes/node-tls';

interface Entry {
  adminUrl: string;
  notAfter: Date | null;
  at: number;
}

/**
 * When each https:// agent's certificate expires, for cert_expiry. The console pins fingerprints, not
 * dates, so the evaluator asks each node's TLS endpoint itself: at most `perTick` handshakes a round,
 * each node again after `refreshMs`, in the background (a round never waits for a handshake).
 */
export class CertificateExpiry {
  private readonly cache = new Map<string, Entry>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly refreshMs = 3_600_000,
    private readonly perTick = 10,
  ) {}

  /** The known notAfter of each node; starts fetches for nodes not asked recently (or whose URL changed). */
  lookup(nodes: Array<{ id: string; adminUrl: string }>, now = Date.now()): Map<string, Date> {
    const ids = new Set(nodes.map((n) => n.id));
    for (const id of [...this.cache.keys()]) if (!ids.has(id)) this.cache.delete(id);
    let started = 0;
    for (const n of nodes) {
      if (!n.adminUrl.startsWith('https:') || started >= this.perTick || this.pending.size >= this.perTick) continue;
      const e = this.cache.get(n.id);
      if (e && e.adminUrl === n.adminUrl && now - e.at < this.refreshMs) continue;
      started++;
      // Marked as asked at once, so a slow node is not asked again every round.
      this.cache.set(n.id, { adminUrl: n.adminUrl, notAfter: e?.adminUrl === n.adminUrl ? e.notAfter : null, at: now });
      const p = fetchCertificate(n.adminUrl, { ca: configuredNodeCa(), timeoutMs: 3000 })
        .then((c) => void this.cache.set(n.id, { adminUrl: n.adminUrl, notAfter: new Date(c.validTo), at: now }))
        .catch(() => undefined)
        .finally(() => this.pending.delete(p));
      this.pending.add(p);
    }
    const out = new Map<string, Date>();
    for (const [id, e] of this.cache) if (e.notAfter) out.set(id, e.notAfter);
    return out;
  }

  /** Resolves once every fetch started so far has finished (tests). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
