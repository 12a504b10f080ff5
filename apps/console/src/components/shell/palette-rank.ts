/** One thing the command palette can jump to. */
export interface PaletteItem {
  kind: PaletteKind;
  label: string;
  href: string;
  /** Second line: a node's role, an account's domain. */
  hint?: string;
  keywords?: readonly string[];
}

export type PaletteKind = 'page' | 'action' | 'node' | 'domain' | 'account';

/** On a tie, places come before things in them, and the cluster before tenants' objects. */
const KIND_ORDER: Record<PaletteKind, number> = { page: 0, action: 1, node: 2, domain: 3, account: 4 };

/**
 * How well `label` (and its keywords) matches `q`; lower is better, null is no match. Exact beats
 * prefix, prefix beats the start of a later word ("log" → "Audit log"), which beats a substring;
 * a keyword match counts after any label match.
 */
export function matchScore(q: string, label: string, keywords: readonly string[] = []): number | null {
  const query = q.trim().toLowerCase();
  if (!query) return 0;
  const text = label.toLowerCase();
  if (text === query) return 0;
  if (text.startsWith(query)) return 1;
  if (text.split(/[\s@.\-_/]+/).some((w) => w.startsWith(query))) return 2;
  if (text.includes(query)) return 3;
  const words = keywords.map((k) => k.toLowerCase());
  if (words.some((k) => k === query || k.startsWith(query))) return 4;
  if (words.some((k) => k.includes(query))) return 5;
  return null;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * The palette's list for what was typed: matching items, best first (score, then pages before
 * entities, then the shorter label, then natural order so node2 comes before node10), at most `limit`.
 */
export function rankPalette(q: string, items: readonly PaletteItem[], limit = 20): PaletteItem[] {
  const scored: { item: PaletteItem; score: number }[] = [];
  for (const item of items) {
    const score = matchScore(q, item.label, item.keywords);
    if (score !== null) scored.push({ item, score });
  }
  scored.sort(
    (a, b) =>
      a.score - b.score ||
      KIND_ORDER[a.item.kind] - KIND_ORDER[b.item.kind] ||
      a.item.label.length - b.item.label.length ||
      collator.compare(a.item.label, b.item.label),
  );
  const seen = new Set<string>();
  const out: PaletteItem[] = [];
  for (const { item } of scored) {
    if (seen.has(item.href)) continue;
    seen.add(item.href);
    out.push(item);
    if (out.length === limit) break;
  }
  return out;
}
