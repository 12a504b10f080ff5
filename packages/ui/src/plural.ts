// English plural forms through Intl.PluralRules; the console's words are English, so its rules are too.
const rules = new Intl.PluralRules('en');

/**
 * The noun that goes with a count: `plural(1, 'domain')` → "domain", `plural(2, 'domain')` →
 * "domains"; irregular nouns pass their plural (`plural(n, 'entry', 'entries')`).
 */
export function plural(count: number, one: string, other = `${one}s`): string {
  return rules.select(count) === 'one' ? one : other;
}
