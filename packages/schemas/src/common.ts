// Building blocks every procedure input is made of, bounded by what the database holds: PostgreSQL
// refuses NUL in text, timestamptz and JavaScript dates span different years, int4 and int8 overflow.
// A value outside these bounds is the user's mistake (400), never a failed query (500).
import { z } from 'zod';

/** Largest int4 (Prisma Int): versions, counts, pages. */
export const MAX_INT4 = 2_147_483_647;
/** Largest int8 (Prisma BigInt): audit entry ids, configuration revisions. */
export const MAX_INT8 = 9_223_372_036_854_775_807n;

const CONTROL_MESSAGE = 'Control characters are not allowed.';

/** C0 controls and DEL; `multiline` lets tab, line feed and carriage return through. */
export function hasControlCharacter(text: string, multiline = false): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x7f || (code < 0x20 && !(multiline && (code === 0x09 || code === 0x0a || code === 0x0d)))) {
      return true;
    }
  }
  return false;
}

/** One line of text, at most `max` characters, no control characters (chain .trim(), .min() as needed). */
export function zText(max: number, opts: { multiline?: boolean; tooLong?: string } = {}) {
  return z
    .string()
    .max(max, opts.tooLong ?? `At most ${max} characters.`)
    .refine((s) => !hasControlCharacter(s, opts.multiline), CONTROL_MESSAGE);
}

/** A search box: trimmed, optional; empty means no filter. */
export function zSearch(max: number) {
  return zText(max).trim().optional();
}

/** A secret the user types (passwords): any printable text, no control characters. */
export function zSecret(min: number, max: number, messages: { tooShort?: string; tooLong?: string } = {}) {
  return zText(max, { tooLong: messages.tooLong }).min(min, messages.tooShort ?? `At least ${min} characters.`);
}

/** A whole number the database stores as int4. */
export function zInt4(min = 0) {
  return z.number().int().min(min).max(MAX_INT4, `At most ${MAX_INT4}.`);
}

/** A row version for optimistic concurrency (int4). */
export const ZVersion = zInt4(0);

/**
 * Dates both JavaScript and PostgreSQL timestamptz represent, with room for arithmetic (years 1970
 * to 9999): a date of year 275760 was stored once and later broke date arithmetic in the reconciler.
 */
export const MIN_DATE = new Date(Date.UTC(1970, 0, 1));
export const MAX_DATE = new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999));
export const DATE_RANGE_MESSAGE = 'Choose a date between 1970 and 9999.';

/** A date and time, as a Date or an ISO 8601 string; nothing else is coerced. */
export function zDate(message = 'Not a valid date and time.') {
  return z
    .union([z.date(), z.string().trim().max(40)], { message })
    .pipe(
      z.coerce.date<string | Date>({ message }).min(MIN_DATE, DATE_RANGE_MESSAGE).max(MAX_DATE, DATE_RANGE_MESSAGE),
    );
}

/** A date that must lie in the range above, for schemas that already have their own parsing. */
export function dateInRange(d: Date): boolean {
  return d >= MIN_DATE && d <= MAX_DATE;
}

/** An int8 id carried as a decimal string (JSON has no 64-bit integers). */
export function zInt8String(message = 'Not a valid id.') {
  return z
    .string()
    .regex(/^\d{1,19}$/, message)
    .refine((s) => BigInt(s) <= MAX_INT8, message);
}

/** An int8 carried as a bigint (superjson). */
export function zInt8(min = 0n) {
  return z.bigint().min(min).max(MAX_INT8, 'Too large.');
}

/** A better-auth user id: short, no control characters. */
export const ZUserIdValue = zText(100).min(1, 'Not a user id.');

/** A form's empty text box for an optional value: '' means "left out" (a generated password, no filter). */
export function blankAsUndefined<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
}

/**
 * A form's version of an object schema whose optional fields are text boxes: those left empty are
 * left out before the schema runs, as the procedure expects (a refined object cannot be .extend()ed).
 */
export function blanksOmitted<S extends z.ZodType<object, object>, K extends keyof z.input<S> & string>(
  schema: S,
  keys: readonly K[],
) {
  const omit = (v: unknown) =>
    v && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).filter(([k, x]) => !(x === '' && (keys as readonly string[]).includes(k))))
      : v;
  return z.preprocess(omit, schema) as unknown as z.ZodType<
    z.output<S>,
    Omit<z.input<S>, K> & { [P in K]?: z.input<S>[P] | '' }
  >;
}
