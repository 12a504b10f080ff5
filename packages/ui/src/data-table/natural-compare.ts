// One collator for every call: building an Intl.Collator is far slower than comparing with one.
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Orders names as people read them: digit runs compare by value (user2 before user10), letters
 * without regard to case. Names equal in that order fall back to a plain comparison, so sorting is
 * stable across browsers and `User1` / `user1` keep one order.
 */
export function naturalCompare(a: string, b: string): number {
  const byValue = collator.compare(a, b);
  if (byValue !== 0) return byValue;
  return a < b ? -1 : a > b ? 1 : 0;
}
