'use client';

import { useId } from 'react';

import { useFormat, useFormatPrefs } from '@cc/ui';

import { inputBaseClass } from '~/components/form-errors';
import { useTimeZones } from '~/components/use-time-zones';

/** Languages offered for dates and numbers (the console's words stay English). */
const LOCALES = [
  'en-GB',
  'en-US',
  'de-DE',
  'fr-FR',
  'es-ES',
  'it-IT',
  'nl-NL',
  'pl-PL',
  'pt-BR',
  'sv-SE',
  'ja-JP',
  'zh-CN',
];
const DEFAULT = '';

function localeName(tag: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** How dates, times and numbers are written for this user: the browser's defaults unless chosen here. */
export function FormatPreferences() {
  const fmt = useFormat();
  const { overrides, browser, setOverrides } = useFormatPrefs();
  const zoneList = useTimeZones();
  const localeId = useId();
  const zoneId = useId();
  const zonesShown =
    overrides.timeZone && !zoneList.includes(overrides.timeZone) ? [overrides.timeZone, ...zoneList] : zoneList;
  const localesShown =
    overrides.locale && !LOCALES.includes(overrides.locale) ? [overrides.locale, ...LOCALES] : LOCALES;
  const set = (key: 'locale' | 'timeZone', value: string) => {
    const next = { ...overrides };
    if (value === DEFAULT) delete next[key];
    else next[key] = value;
    setOverrides(next);
  };
  return (
    <div className="space-y-3 text-sm">
      <div className="grid grid-cols-[max-content_1fr] items-center gap-x-4 gap-y-2">
        <label htmlFor={localeId} className="text-muted-foreground">
          Dates and numbers
        </label>
        <select
          id={localeId}
          value={overrides.locale ?? DEFAULT}
          onChange={(e) => set('locale', e.target.value)}
          className={`${inputBaseClass} w-full max-w-xs`}
        >
          <option value={DEFAULT}>Browser default{browser.locale ? ` (${localeName(browser.locale)})` : ''}</option>
          {localesShown.map((l) => (
            <option key={l} value={l}>
              {localeName(l)}
            </option>
          ))}
        </select>
        <label htmlFor={zoneId} className="text-muted-foreground">
          Time zone
        </label>
        <select
          id={zoneId}
          value={overrides.timeZone ?? DEFAULT}
          onChange={(e) => set('timeZone', e.target.value)}
          className={`${inputBaseClass} w-full max-w-xs`}
        >
          <option value={DEFAULT}>Browser default{browser.timeZone ? ` (${browser.timeZone})` : ''}</option>
          {zonesShown.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </div>
      <p className="text-muted-foreground" data-testid="format-sample">
        Shown as: {fmt.dateTime(PREVIEW_AT)} · {fmt.number(1234567.8)} · {fmt.bytes(1536 * 1024)}
      </p>
    </div>
  );
}

const PREVIEW_AT = Date.UTC(2026, 0, 31, 16, 5, 9);
