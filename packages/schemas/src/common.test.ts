import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { blanksOmitted, MAX_INT8, zDate, zInt4, zInt8, zInt8String, zText } from './common';
import { ZPostAlert } from './alerts';
import { ZConfigStatus, ZListInput } from './domains';
import { ZAuditListInput } from './audit';

const fields = (r: z.ZodSafeParseResult<unknown>) =>
  r.success ? [] : Object.keys(z.flattenError(r.error).fieldErrors).sort();

describe('input building blocks', () => {
  it('text refuses NUL and other controls; multi-line text keeps tab and line breaks', () => {
    expect(zText(10).safeParse('a\u0000b').success).toBe(false);
    expect(zText(10).safeParse('a\u007fb').success).toBe(false);
    expect(zText(10).safeParse('a\tb').success).toBe(false);
    expect(zText(10, { multiline: true }).safeParse('a\tb\r\nc').success).toBe(true);
    expect(zText(10).safeParse('Zoë ✓').success).toBe(true);
    expect(zText(3).safeParse('abcd').success).toBe(false);
  });

  it('dates are those of years 1970 to 9999, as a Date or an ISO string, nothing else', () => {
    const d = zDate();
    expect(d.parse('2030-01-01T00:00:00Z')).toEqual(new Date('2030-01-01T00:00:00Z'));
    expect(d.parse(new Date('9999-12-31T00:00:00Z'))).toBeInstanceOf(Date);
    for (const bad of ['+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '0000-01-01T00:00:00Z']) {
      expect(d.safeParse(bad).success, bad).toBe(false);
    }
    for (const bad of [new Date(Number.NaN), new Date(8.64e15), 'soon', '', 0, 1e12, true, null]) {
      expect(d.safeParse(bad).success, String(bad)).toBe(false);
    }
  });

  it('integers stay within their column: int4, int8 as bigint and as a decimal string', () => {
    expect(zInt4().safeParse(2 ** 31 - 1).success).toBe(true);
    expect(zInt4().safeParse(2 ** 31).success).toBe(false);
    expect(zInt8(1n).safeParse(MAX_INT8).success).toBe(true);
    expect(zInt8(1n).safeParse(MAX_INT8 + 1n).success).toBe(false);
    expect(zInt8String().safeParse(MAX_INT8.toString()).success).toBe(true);
    expect(zInt8String().safeParse('9223372036854775808').success).toBe(false);
    expect(zInt8String().safeParse('9999999999999999999').success).toBe(false);
  });
});

describe('procedure inputs built from them', () => {
  it('alerts.post refuses start and expiry dates outside 1970-9999 on their field', () => {
    const alert = { scope: 'cluster', text: 'Maintenance tonight' };
    expect(fields(ZPostAlert.safeParse({ ...alert, expiresAt: '+275760-09-13T00:00:00.000Z' }))).toEqual(['expiresAt']);
    expect(fields(ZPostAlert.safeParse({ ...alert, startsAt: '-271821-04-20T00:00:00.000Z' }))).toEqual(['startsAt']);
    expect(ZPostAlert.safeParse({ ...alert, expiresAt: '2999-01-01T00:00:00Z' }).success).toBe(true);
  });

  it('audit.list refuses int8-overflowing cursors, far dates and NUL in filters', () => {
    expect(fields(ZAuditListInput.safeParse({ cursor: '9223372036854775808' }))).toEqual(['cursor']);
    expect(fields(ZAuditListInput.safeParse({ from: '+275760-09-13T00:00:00.000Z' }))).toEqual(['from']);
    expect(fields(ZAuditListInput.safeParse({ to: new Date(-8.64e15) }))).toEqual(['to']);
    expect(fields(ZAuditListInput.safeParse({ q: 'a\u0000', actor: '\u0000' }))).toEqual(['actor', 'q']);
    expect(ZAuditListInput.safeParse({ cursor: '9223372036854775807', from: '', q: '' }).success).toBe(true);
  });

  it('config.status refuses a revision past int8; list searches refuse NUL', () => {
    expect(fields(ZConfigStatus.safeParse({ revision: 2n ** 63n }))).toEqual(['revision']);
    expect(fields(ZListInput.safeParse({ search: 'a\u0000' }))).toEqual(['search']);
  });
});

describe('form helpers', () => {
  it('blanksOmitted leaves out only the named empty boxes, so required fields keep their own message', () => {
    const S = blanksOmitted(z.object({ text: z.string().min(1, 'Enter the text.'), at: zDate().optional() }), ['at']);
    expect(S.parse({ text: 'x', at: '' })).toEqual({ text: 'x' });
    expect(fields(S.safeParse({ text: '', at: '' }))).toEqual(['text']);
    expect(fields(S.safeParse({ text: 'x', at: 'soon' }))).toEqual(['at']);
  });
});
