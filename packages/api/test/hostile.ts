// Hostile inputs generated from a procedure's zod input schema: a plausible value for every required
// field, then one field at a time replaced by values of every kind a careless or malicious client
// could send, plus junk in place of the whole input.
import { randomUUID } from 'node:crypto';

import type { z } from 'zod';
import { hasControlCharacter } from '@cc/schemas';

type Schema = z.core.$ZodType;
type Def = { type: string } & Record<string, unknown>;

const def = (s: Schema) => s._zod.def as unknown as Def;

/** Plausible values by field name, so the other fields of an input pass and the hostile one is reached. */
const SAMPLES: Record<string, unknown> = {
  name: 'fuzz.example',
  newName: 'fuzz2',
  // No such domain: account calls stop at 404 instead of hashing a password per accepted input.
  domain: 'nowhere.example',
  address: 'user@fuzz.example',
  confirm: 'not-the-name',
  adminUrl: 'http://127.0.0.1:9',
  token: 'fuzz-token-0123456789',
  targetVersion: '9.9.9',
  text: 'Fuzz alert',
  currentPassword: 'not the password',
  newPassword: 'fuzz password 123',
  password: 'fuzz password 123',
  appName: 'cc',
  host: '',
  email: 'fuzz@example.com',
};

/** Strips wrappers that do not change what the client sends. */
function core(s: Schema): Schema {
  const d = def(s);
  if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(d.type)) {
    return core(d.innerType as Schema);
  }
  if (d.type === 'pipe') return core(d.in as Schema);
  return s;
}

function isOptional(s: Schema): boolean {
  return (s as unknown as { _zod: { optin?: string } })._zod.optin === 'optional';
}

/** A value the schema (very probably) accepts. */
export function sample(s: Schema, key = ''): unknown {
  if (key in SAMPLES) return SAMPLES[key];
  const c = core(s);
  const d = def(c);
  const bounds = c as unknown as { minValue?: number | bigint | null; format?: string | null };
  switch (d.type) {
    case 'string':
      return bounds.format === 'uuid' ? randomUUID() : bounds.format === 'email' ? SAMPLES.email : 'fuzz';
    case 'number':
      return typeof bounds.minValue === 'number' && Number.isFinite(bounds.minValue) ? bounds.minValue : 1;
    case 'bigint':
      return 1n;
    case 'boolean':
      return false;
    case 'date':
      return new Date(Date.now() + 86_400_000);
    case 'enum':
      return Object.values(d.entries as Record<string, unknown>)[0];
    case 'literal':
      return (d.values as unknown[])[0];
    case 'array': {
      const min = (d.checks as { _zod: { def: { minimum?: number } } }[] | undefined)?.[0]?._zod.def.minimum ?? 0;
      return Array.from({ length: min }, () => sample(d.element as Schema));
    }
    case 'record':
      return {};
    case 'union':
      return sample((d.options as Schema[])[0]!, key);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(d.shape as Record<string, Schema>)) if (!isOptional(v)) out[k] = sample(v, k);
      return out;
    }
    default:
      return undefined;
  }
}

const deep = (depth: number) => {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

/** Values of the wrong kind, for any field. */
const WRONG_KIND: unknown[] = [
  null,
  true,
  {},
  [],
  { a: { b: { c: [1] } } },
  ['x', 1, null],
  2n ** 70n,
  Number.NaN,
  new Date(Number.NaN),
  new Map([['k', 'v']]),
  new Set([1]),
  deep(200),
];

const STRINGS: unknown[] = [
  '\u0000',
  'a\u0000b',
  'fuzz\u0000.example',
  '\u0001\u001b[2J\u007f',
  '\ud800',
  '',
  '   ',
  'x'.repeat(100_000),
  'é'.repeat(5000),
  'NaN',
  '-1',
  '9'.repeat(40),
  "'; drop table x; --",
  '%_\\',
  '../../etc/passwd',
  '<b>x</b>',
  '__proto__',
  -1,
  0,
];

const NUMBERS: unknown[] = [
  -1,
  0,
  1.5,
  -0,
  2 ** 31,
  2 ** 53,
  2 ** 63,
  Number.MAX_VALUE,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  '1',
  '',
];

const BIGINTS: unknown[] = [-1n, 0n, 2n ** 31n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n, -(2n ** 63n) - 1n, 1, '1'];

const DATES: unknown[] = [
  new Date(8.64e15),
  new Date(-8.64e15),
  new Date(-1),
  new Date(Date.UTC(10000, 0, 1)),
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '0000-01-01T00:00:00Z',
  '10000-01-01T00:00:00Z',
  'not a date',
  '',
  0,
  -1,
  1e20,
];

/** Hostile values for a field of this schema. */
export function hostileFor(s: Schema, key = ''): unknown[] {
  const d = def(core(s));
  // A password takes any printable text and each accepted one costs a hash: send only the refusals.
  if (/password/i.test(key)) {
    const refused = (v: unknown) => typeof v !== 'string' || hasControlCharacter(v) || v.length > 300 || v === '';
    return [...STRINGS.filter(refused), ...WRONG_KIND];
  }
  const kinds: Record<string, unknown[]> = {
    string: STRINGS,
    number: NUMBERS,
    bigint: BIGINTS,
    date: DATES,
    union: [...STRINGS, ...DATES],
    boolean: ['true', 0, 1],
    enum: ['', 'x'.repeat(10_000), '\u0000'],
    array: [Array.from({ length: 10_000 }, () => 'x'), [null], [[]], ['\u0000']],
    record: [
      { ['\u0000']: 1 },
      { k: '\u0000' },
      { k: 1e308 },
      Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i])),
    ],
    object: [{ ['\u0000']: '\u0000' }],
  };
  return [...(kinds[d.type] ?? []), ...WRONG_KIND];
}

/** Every field's path (objects and array elements), for replacement one at a time. */
export function fieldsOf(s: Schema, path: (string | number)[] = []): { path: (string | number)[]; schema: Schema }[] {
  const c = core(s);
  const d = def(c);
  if (d.type === 'object') {
    return Object.entries(d.shape as Record<string, Schema>).flatMap(([k, v]) => [
      { path: [...path, k], schema: v },
      ...fieldsOf(v, [...path, k]).filter((f) => f.path.length > path.length + 1),
    ]);
  }
  if (d.type === 'array') return [{ path: [...path, 0], schema: d.element as Schema }];
  return [];
}

function withField(base: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy = (Array.isArray(base) ? [...(base as unknown[])] : { ...((base ?? {}) as object) }) as Record<
    string | number,
    unknown
  >;
  const inner = copy[head!] ?? (typeof rest[0] === 'number' ? [] : {});
  copy[head!] = withField(inner, rest, value);
  return copy;
}

/** Junk in place of the whole input. */
const WHOLE: unknown[] = [
  null,
  0,
  'x',
  '\u0000',
  [],
  [{}],
  new Date(Number.NaN),
  2n ** 64n,
  deep(500),
  Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 'v'])),
];

/** Every hostile input for one procedure's input schema (undefined schema: junk only). */
export function hostileInputs(schema: Schema | undefined): unknown[] {
  const out = [...WHOLE];
  if (!schema) return out;
  const base = sample(schema);
  out.push({ ...(base as object), unknownKey: '\u0000' });
  for (const field of fieldsOf(schema)) {
    for (const value of hostileFor(field.schema, String(field.path.at(-1))))
      out.push(withField(base, field.path, value));
    // A required field missing.
    if (!isOptional(field.schema) && typeof field.path.at(-1) === 'string' && field.path.length === 1) {
      const { [field.path[0]!]: _, ...rest } = base as Record<string, unknown>;
      out.push(rest);
    }
  }
  return out;
}
