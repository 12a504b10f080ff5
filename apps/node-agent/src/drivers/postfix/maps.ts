// What the Postfix frontend takes from a configuration revision: the shared domains it accepts mail
// for, the existing accounts (anyone else gets 550 at RCPT TO), and the largest message size any
// domain allows (per-domain and per-account limits below it are Dovecot's, per user).
import type { ConfigSnapshot } from '@cc/node-api';
import type { StoredAccount } from '../../config-store';
import { resolveSettings, splitAddress } from '../dovecot/mail-users';

export interface PostfixMaps {
  /** texthash: "<domain> OK" lines. */
  vdomains: string;
  /** texthash: "<address> OK" lines. */
  vmailboxes: string;
  /** Bytes, for main.cf's message_size_limit. */
  messageSizeLimit: number;
  domains: number;
  mailboxes: number;
}

export function renderMaps(snapshot: ConfigSnapshot, accounts: ReadonlyMap<string, StoredAccount>): PostfixMaps {
  const domains = new Set<string>();
  let largestKb = 0;
  for (const d of snapshot.domains) {
    const parts = splitAddress(`postmaster@${d.name}`);
    if (!parts) continue;
    domains.add(parts.domain);
    largestKb = Math.max(largestKb, resolveSettings({}, d.settings, snapshot.defaults).maxMessageKb);
  }
  if (domains.size === 0) largestKb = resolveSettings({}, undefined, snapshot.defaults).maxMessageKb;
  const boxes: string[] = [];
  for (const a of accounts.values()) {
    const parts = splitAddress(a.address);
    if (parts && domains.has(parts.domain)) boxes.push(`${parts.local}@${parts.domain}`);
  }
  boxes.sort();
  const lines = (keys: Iterable<string>) => [...keys].map((k) => `${k} OK\n`).join('');
  return {
    vdomains: lines([...domains].sort()),
    vmailboxes: lines(boxes),
    messageSizeLimit: largestKb * 1024,
    domains: domains.size,
    mailboxes: boxes.length,
  };
}

/** Established TCP connections to ip:port, from /proc/net/tcp (IPv4 only: the listener is IPv4). */
export function countEstablished(procNetTcp: string, ip: string, port: number): number {
  const hexIp = ip
    .split('.')
    .map((o) => Number(o).toString(16).padStart(2, '0'))
    .reverse()
    .join('')
    .toUpperCase();
  const local = `${hexIp}:${port.toString(16).padStart(4, '0').toUpperCase()}`;
  let n = 0;
  for (const line of procNetTcp.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[1] === local && f[3] === '01') n++;
  }
  return n;
}

/** `postqueue -j` prints one JSON object per queued message. */
export function countQueue(jsonLines: string): { active: number; deferred: number; total: number } {
  let active = 0;
  let deferred = 0;
  let total = 0;
  for (const line of jsonLines.split('\n')) {
    if (!line.trim()) continue;
    total++;
    try {
      const q = (JSON.parse(line) as { queue_name?: string }).queue_name;
      if (q === 'active') active++;
      else if (q === 'deferred') deferred++;
    } catch {
      // a line Postfix did not finish: counted in the total only
    }
  }
  return { active, deferred, total };
}
