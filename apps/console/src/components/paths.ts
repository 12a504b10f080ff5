/** Console URLs for domains and accounts; names may hold characters that need escaping ("+", "'", "/"). */
export function domainPath(name: string): string {
  return `/domains/${encodeURIComponent(name)}`;
}

export function accountPath(domain: string, localPart: string): string {
  return `${domainPath(domain)}/accounts/${encodeURIComponent(localPart)}`;
}

/** A dynamic route segment as typed (Next may hand it over still percent-encoded). */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
