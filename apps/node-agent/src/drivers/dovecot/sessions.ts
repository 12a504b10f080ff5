// Dovecot's session rows (who on a mail store, proxyList on a director) as
// the node API's per-protocol counts.
import type { SessionCounts, SessionProtocol } from '@cc/node-api';

/** Dovecot service name → the node API's protocol; other services (e.g. managesieve) are not counted. */
const PROTOCOL_OF: Record<string, SessionProtocol> = { imap: 'imap', pop3: 'pop', submission: 'smtp' };

/** The login service whose listeners serve each protocol. */
export const LOGIN_SERVICE: Record<SessionProtocol, string | undefined> = {
  imap: 'imap-login',
  pop: 'pop3-login',
  smtp: 'submission-login',
  http: undefined,
};

export const noSessions = (): SessionCounts => ({ imap: 0, pop: 0, smtp: 0, http: 0 });

export function countSessions(rows: Array<{ service: string }>): SessionCounts {
  const counts = noSessions();
  for (const row of rows) {
    const protocol = PROTOCOL_OF[row.service];
    if (protocol) counts[protocol]++;
  }
  return counts;
}

export const totalSessions = (c: SessionCounts) => c.imap + c.pop + c.smtp + c.http;

/** Sessions per lowercase account address, for those in `wanted`. */
export function sessionsByAccount(rows: Array<{ username: string; service: string }>, wanted: string[]) {
  const want = new Set(wanted.map((a) => a.toLowerCase()));
  const out = new Map<string, SessionCounts>();
  for (const row of rows) {
    const key = row.username.toLowerCase();
    const protocol = PROTOCOL_OF[row.service];
    if (!want.has(key) || !protocol) continue;
    const counts = out.get(key) ?? noSessions();
    counts[protocol]++;
    out.set(key, counts);
  }
  return out;
}

/** doveadm masks take * and ? as wildcards: one account must never match others. */
export function exactAccount(address: string): string {
  if (/[*?]/.test(address)) throw new Error(`"${address}" is not a single account address`);
  return address;
}
