import { describe, expect, it } from 'vitest';

import { createFormatter, MISSING, validPrefs } from './formatter';
import { localeFromAcceptLanguage, parsePrefsCookie, resolvePrefs, serializePrefsCookie } from './prefs';

const at = Date.UTC(2026, 11, 2, 3, 41, 2); // 2 Dec 2026 03:41:02 UTC

describe('createFormatter', () => {
  it('writes dates in the chosen zone and locale', () => {
    const gb = createFormatter({ locale: 'en-GB', timeZone: 'UTC' });
    expect(gb.dateTime(at)).toBe('2 Dec 2026, 03:41:02');
    expect(gb.time(at)).toBe('03:41:02');
    expect(gb.time(at, { seconds: false })).toBe('03:41');
    const berlin = createFormatter({ locale: 'de-DE', timeZone: 'Europe/Berlin' });
    expect(berlin.dateTime(new Date(at))).toBe('02.12.2026, 04:41:02');
    const us = createFormatter({ locale: 'en-US', timeZone: 'America/New_York' });
    expect(us.date(at)).toBe('Dec 1, 2026');
  });

  it('groups numbers per locale and says — for missing values', () => {
    const en = createFormatter({ locale: 'en-US', timeZone: 'UTC' });
    const de = createFormatter({ locale: 'de-DE', timeZone: 'UTC' });
    expect(en.integer(1234567)).toBe('1,234,567');
    expect(de.integer(1234567)).toBe('1.234.567');
    expect(en.integer(null)).toBe(MISSING);
    expect(en.percent(12.345)).toBe('12.3%');
    expect(de.percent(12.345)).toBe('12,3\u00a0%');
    expect(en.number(2.25, 1)).toBe('2.3');
    expect(en.ratio(1.234)).toBe('1.23×');
  });

  it('writes sizes in binary units', () => {
    const f = createFormatter({ locale: 'en-GB', timeZone: 'UTC' });
    expect(f.bytes(512)).toBe('512 B');
    expect(f.bytes(1536)).toBe('1.5 KiB');
    expect(f.bytes(3 * 1024 ** 3)).toBe('3.0 GiB');
    expect(f.bytes(undefined)).toBe(MISSING);
  });

  it('writes ages with a decimal under 10 s and clamps clock skew', () => {
    const f = createFormatter({ locale: 'en-GB', timeZone: 'UTC' });
    expect(f.ago(850)).toBe('0.8 sec ago');
    expect(f.ago(-500)).toBe('0 sec ago');
    expect(f.ago(12_400)).toBe('12 sec ago');
    expect(f.ago(5 * 60_000)).toBe('5 min ago');
    expect(f.ago(3 * 3_600_000)).toBe('3 hr ago');
    expect(f.ago(2 * 86_400_000)).toBe('2 days ago');
  });

  it('writes durations with their two largest units', () => {
    const f = createFormatter({ locale: 'en-US', timeZone: 'UTC' });
    expect(f.duration(40_000)).toBe('40 sec');
    expect(f.duration(5 * 60_000 + 3_000)).toBe('5 min');
    expect(f.duration(2 * 3_600_000 + 5 * 60_000)).toBe('2 hr 5 min');
    expect(f.duration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 days 4 hr');
    expect(f.seconds(1234)).toBe('1.2 sec');
    expect(f.milliseconds(3.45)).toBe('3.5 ms');
  });

  it('picks the plural by count, whatever the locale', () => {
    const fr = createFormatter({ locale: 'fr-FR', timeZone: 'UTC' });
    expect(fr.plural(1, 'domain')).toBe('domain');
    expect(fr.plural(0, 'domain')).toBe('domains');
    expect(fr.count(3, 'entry', 'entries')).toBe('3 entries');
    const en = createFormatter({ locale: 'en-US', timeZone: 'UTC' });
    expect(en.count(1, 'domain')).toBe('1 domain');
    expect(en.count(1204, 'account')).toBe('1,204 accounts');
  });
});

describe('preferences', () => {
  it('falls back on an unknown zone or locale instead of throwing', () => {
    expect(validPrefs({ locale: 'not a locale!', timeZone: 'Mars/Olympus' })).toEqual({
      locale: 'en-GB',
      timeZone: 'UTC',
    });
    expect(createFormatter({ locale: 'xx-!!', timeZone: 'Nowhere' }).dateTime(at)).toBe('2 Dec 2026, 03:41:02');
  });

  it('round-trips the cookie and ignores junk', () => {
    const cookie = serializePrefsCookie('cc-format', { timeZone: 'Asia/Tokyo' });
    const value = cookie.split(';')[0]!.split('=')[1];
    expect(parsePrefsCookie(value)).toEqual({ timeZone: 'Asia/Tokyo' });
    expect(parsePrefsCookie('%7Bnot json')).toEqual({});
    expect(parsePrefsCookie(encodeURIComponent('{"locale":3}'))).toEqual({});
  });

  it("prefers the user's choice, then the browser, then the request's language", () => {
    expect(resolvePrefs({ timeZone: 'Asia/Tokyo' }, { locale: 'de-DE', timeZone: 'Europe/Berlin' })).toEqual({
      locale: 'de-DE',
      timeZone: 'Asia/Tokyo',
    });
    expect(resolvePrefs({}, {}, 'fr-CH,fr;q=0.9')).toEqual({ locale: 'fr-CH', timeZone: 'UTC' });
    expect(localeFromAcceptLanguage('*')).toBeUndefined();
  });
});
