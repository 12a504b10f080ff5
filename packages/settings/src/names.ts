// Domain and account names as mail servers accept them: RFC 5321 limits and
// the RFC 5322 dot-atom form for local parts (quoted local parts are refused:
// many clients and servers mishandle them). Names are stored lower-case.

const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const ATEXT = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
export const MAX_DOMAIN_LENGTH = 253;
export const MAX_LOCAL_PART_LENGTH = 64;
/** RFC 5321 path limit (256) minus the angle brackets. */
export const MAX_ADDRESS_LENGTH = 254;

export function normalizeDomainName(input: string): string {
  return input.trim().toLowerCase().replace(/\.$/, '');
}

export function normalizeLocalPart(input: string): string {
  return input.trim().toLowerCase();
}

/** Why a (normalized) domain name is not acceptable, or null. */
export function domainNameError(name: string): string | null {
  if (name === '') return 'Enter a domain name, e.g. example.com';
  if (name.includes('@')) return 'Enter the domain only, without "@" or an account name';
  if (name.length > MAX_DOMAIN_LENGTH) return `A domain name has at most ${MAX_DOMAIN_LENGTH} characters`;
  const labels = name.split('.');
  if (labels.length < 2) return 'Use a fully qualified name with a dot, e.g. example.com';
  if (/[^\x20-\x7e]/.test(name)) {
    return hasControl(name)
      ? 'A domain name cannot contain line breaks, tabs or other control characters'
      : 'Enter an internationalized domain name in its ASCII form (xn--…)';
  }
  for (const label of labels) {
    if (label === '') return 'A domain name cannot contain an empty label ("..")';
    if (label.length > 63) return `The label "${label.slice(0, 20)}…" is longer than 63 characters`;
    if (!LABEL.test(label)) {
      return `The label "${label}" may contain only letters, digits and inner hyphens`;
    }
  }
  if (/^\d+$/.test(labels.at(-1) ?? '')) return 'The last label cannot be all digits (an IP address is not a domain)';
  return null;
}

/** Why a (normalized) local part is not acceptable, or null. */
export function localPartError(name: string): string | null {
  if (name === '') return 'Enter an account name';
  if (name.includes('@')) return 'Enter the name before the "@" only; the domain is chosen already';
  if (name.length > MAX_LOCAL_PART_LENGTH) return `An account name has at most ${MAX_LOCAL_PART_LENGTH} characters`;
  if (name.startsWith('.') || name.endsWith('.')) return 'An account name cannot start or end with a dot';
  if (name.includes('..')) return 'An account name cannot contain two dots in a row';
  if (!name.split('.').every((atom) => ATEXT.test(atom))) {
    return "Use letters, digits, dots and !#$%&'*+/=?^_`{|}~- only (no spaces or quotes)";
  }
  return null;
}

const MAIL_SAFE = /^[a-z0-9._-]+$/;

function hasControl(s: string): boolean {
  return [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}

/**
 * Why a new account name (normalized) is one Dovecot and Postfix cannot serve as is, or null. Stricter
 * than localPartError, which still finds accounts made before this rule: the name goes into
 * passwd-files (':' and line breaks separate entries), Postfix lookup tables (whitespace, '#', ','),
 * mail server command lines (a leading '-' reads as an option), and '+' is the recipient delimiter
 * (user+tag@domain is delivered to user@domain).
 */
export function newLocalPartError(name: string): string | null {
  if (name === '' || name.includes('@') || name.length > MAX_LOCAL_PART_LENGTH) return localPartError(name);
  if (/[^\x20-\x7e]/.test(name)) {
    return hasControl(name)
      ? 'An account name cannot contain line breaks, tabs or other control characters'
      : 'Use ASCII letters and digits only: the mail servers do not accept non-ASCII account names';
  }
  if (/["\\]/.test(name)) return 'Quoted account names are not supported; use letters, digits, ".", "-" and "_"';
  if (/\s/.test(name)) return 'An account name cannot contain spaces';
  if (name.includes('+')) {
    return 'An account name cannot contain "+": it separates an address extension (user+tag@…) on the mail servers';
  }
  if (name.startsWith('.') || name.endsWith('.')) return 'An account name cannot start or end with a dot';
  if (name.includes('..')) return 'An account name cannot contain two dots in a row';
  const bad = [...name].find((c) => !MAIL_SAFE.test(c));
  if (bad) {
    return `"${bad}" cannot be used in an account name (special in mail server files); use letters, digits, ".", "-" and "_"`;
  }
  if (!/^[a-z0-9]/.test(name)) return 'An account name must start with a letter or a digit';
  return null;
}

/** Why a folder name for an archived mailbox is not one plain path segment, or null. */
export function archiveFolderError(name: string): string | null {
  if (name === '') return 'Enter a folder name for the archived mailbox';
  if (name.length > 64) return 'A folder name has at most 64 characters';
  if (!/^[A-Za-z0-9._-]+$/.test(name)) return 'Use letters, digits, ".", "-" and "_" only (one folder, no "/")';
  if (name.startsWith('.')) return 'A folder name cannot start with a dot';
  return null;
}

/** Why name@domain would be too long, or null. */
export function addressError(localPart: string, domain: string): string | null {
  const length = localPart.length + 1 + domain.length;
  return length > MAX_ADDRESS_LENGTH
    ? `The address would be ${length} characters; at most ${MAX_ADDRESS_LENGTH}`
    : null;
}

/** Splits "name@domain" (normalized); null when there is no single "@". */
export function splitAddress(address: string): { localPart: string; domain: string } | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return null;
  return { localPart: normalizeLocalPart(address.slice(0, at)), domain: normalizeDomainName(address.slice(at + 1)) };
}

/** A loose check for contact addresses typed into settings. */
export function emailError(value: string): string | null {
  const parts = splitAddress(value);
  if (!parts) return 'Enter an address such as postmaster@example.com';
  return (
    localPartError(parts.localPart) ?? domainNameError(parts.domain) ?? addressError(parts.localPart, parts.domain)
  );
}
