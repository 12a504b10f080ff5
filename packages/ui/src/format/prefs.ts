import { DEFAULT_PREFS, validPrefs, type FormatPrefs } from './formatter';

/**
 * Where the preferences live: cookies, so the server renders with the same locale and zone the
 * browser will use. `cc-format` holds the user's choice from /account (either part may be absent =
 * "browser default"); `cc-browser` is what the browser last reported, so the next server render
 * matches even before any choice is made.
 */
export const PREFS_COOKIE = 'cc-format';
export const BROWSER_COOKIE = 'cc-browser';
const YEAR_S = 365 * 24 * 3600;

export type PrefOverrides = Partial<FormatPrefs>;

/** Parses a cookie's value; anything malformed is "no preference". */
export function parsePrefsCookie(value: string | undefined | null): PrefOverrides {
  if (!value) return {};
  try {
    const raw: unknown = JSON.parse(decodeURIComponent(value));
    if (typeof raw !== 'object' || raw === null) return {};
    const { locale, timeZone } = raw as Record<string, unknown>;
    const out: PrefOverrides = {};
    if (typeof locale === 'string' && locale) out.locale = locale;
    if (typeof timeZone === 'string' && timeZone) out.timeZone = timeZone;
    return out;
  } catch {
    return {};
  }
}

export function serializePrefsCookie(name: string, prefs: PrefOverrides): string {
  return `${name}=${encodeURIComponent(JSON.stringify(prefs))}; Path=/; Max-Age=${YEAR_S}; SameSite=Lax`;
}

/** The first language of an Accept-Language header ("de-CH,de;q=0.9" → "de-CH"). */
export function localeFromAcceptLanguage(header: string | null | undefined): string | undefined {
  const first = header?.split(',')[0]?.split(';')[0]?.trim();
  return first && first !== '*' ? first : undefined;
}

/** The user's choice, else what the browser reported, else the request's language and UTC. */
export function resolvePrefs(
  overrides: PrefOverrides,
  browser: PrefOverrides,
  acceptLanguage?: string | null,
): FormatPrefs {
  return validPrefs(
    {
      locale: overrides.locale ?? browser.locale ?? localeFromAcceptLanguage(acceptLanguage),
      timeZone: overrides.timeZone ?? browser.timeZone,
    },
    DEFAULT_PREFS,
  );
}
