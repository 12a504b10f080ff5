import superjson from 'superjson';
import { describe, expect, it } from 'vitest';

import { plainJson, transformer } from './transformer';

describe('transformer', () => {
  it('sends a marked plain output as superjson would, without walking it', () => {
    const value = plainJson({ readAt: 1_700_000_000_000, items: [{ name: 'fe1', total: 3, error: null }] });
    const sent = transformer.serialize(value);
    expect(sent).toEqual(superjson.serialize(value));
    expect(sent.meta).toBeUndefined();
    expect(transformer.deserialize(JSON.parse(JSON.stringify(sent)))).toEqual(value);
  });

  it('keeps Dates and bigints of unmarked outputs through superjson', () => {
    const value = { at: new Date('2026-11-22T00:00:00Z'), revision: 12n };
    const back = transformer.deserialize<typeof value>(JSON.parse(JSON.stringify(transformer.serialize(value))));
    expect(back.at).toBeInstanceOf(Date);
    expect(back.at.toISOString()).toBe('2026-11-22T00:00:00.000Z');
    expect(back.revision).toBe(12n);
  });

  it('marks only the object given, not an equal copy', () => {
    const marked = plainJson({ n: 1 });
    expect(transformer.serialize({ ...marked })).toEqual(superjson.serialize({ n: 1 }));
    expect(transformer.serialize(marked)).toEqual({ json: { n: 1 } });
  });

  // Checked by the type check (tsc fails if an error below goes away), not at run time.
  it('refuses, at compile time, values JSON would change', () => {
    // @ts-expect-error a Date would arrive as a string
    plainJson({ at: new Date() });
    // @ts-expect-error a bigint cannot be sent as JSON
    plainJson({ items: [{ revision: 1n }] });
  });
});
