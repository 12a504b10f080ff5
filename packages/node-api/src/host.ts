// Host names and addresses of cluster nodes, as the console registers them
// with PUT /v1/cluster/members and names them in POST /v1/probe. A node only
// probes hosts on its member list, comparing strings after normalisation and
// never resolving anything first, so the normal form must be unambiguous:
// numeric forms a resolver would read as an address ("127.1", "0x7f000001",
// "010.0.0.1") are refused rather than guessed at.
import { z } from 'zod';

export const MAX_HOST_LENGTH = 253;

const IPV4_OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4_RE = new RegExp(`^${IPV4_OCTET}(\\.${IPV4_OCTET}){3}$`);
const LABEL_RE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** Labels inet_aton() would take as a number: decimal, octal or hex. */
const NUMERIC_LABEL_RE = /^(\d+|0x[0-9a-f]*)$/;
const ipv6 = z.ipv6();

type Parsed = { ok: true; host: string } | { ok: false; problem: string };

function parse(input: string): Parsed {
  if (input === '') return { ok: false, problem: 'The host is empty' };
  if (input.length > MAX_HOST_LENGTH + 2)
    return { ok: false, problem: `The host is longer than ${MAX_HOST_LENGTH} characters` };
  const lower = input.toLowerCase();
  // "[::1]" is how URLs spell an IPv6 address; accept it as the bare address.
  const bare = /^\[(.*)\]$/.exec(lower)?.[1] ?? lower;
  if (bare.includes(':')) {
    if (!ipv6.safeParse(bare).success) return { ok: false, problem: `"${input}" is not a valid IPv6 address` };
    // The URL parser only rewrites the text ("0:0::1" -> "::1"); it never resolves anything.
    return { ok: true, host: new URL(`http://[${bare}]`).hostname.slice(1, -1) };
  }
  if (bare !== lower) return { ok: false, problem: `"${input}": only IPv6 addresses go in brackets` };
  if (IPV4_RE.test(bare)) return { ok: true, host: bare };
  // One trailing dot (a fully qualified name) names the same host.
  const name = bare.endsWith('.') ? bare.slice(0, -1) : bare;
  const labels = name.split('.');
  if (name.length > MAX_HOST_LENGTH || !labels.every((l) => LABEL_RE.test(l))) {
    return { ok: false, problem: `"${input}" is neither an IP address nor a valid host name` };
  }
  if (NUMERIC_LABEL_RE.test(labels[labels.length - 1]!)) {
    return { ok: false, problem: `"${input}" looks numeric; write IPv4 addresses as four decimal numbers` };
  }
  return { ok: true, host: name };
}

/** A human-readable problem with `host`, or null when it is usable. */
export function validateHost(host: string): string | null {
  const parsed = parse(host);
  return parsed.ok ? null : parsed.problem;
}

/**
 * The form hosts are compared (and connected to) in: lowercase, IPv6 without
 * brackets and compressed, names without a trailing dot. Throws a TypeError
 * with the validation message for an invalid host.
 */
export function normalizeHost(host: string): string {
  const parsed = parse(host);
  if (!parsed.ok) throw new TypeError(parsed.problem);
  return parsed.host;
}
