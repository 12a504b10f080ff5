'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

import { createFormatter, DEFAULT_PREFS, type FormatPrefs, type Formatter } from './formatter';
import { BROWSER_COOKIE, PREFS_COOKIE, resolvePrefs, serializePrefsCookie, type PrefOverrides } from './prefs';

interface FormatState {
  format: Formatter;
  /** What /account chose; absent parts follow the browser. */
  overrides: PrefOverrides;
  /** The browser's own locale and zone (known after mount). */
  browser: PrefOverrides;
  setOverrides: (next: PrefOverrides) => void;
}

const FormatContext = createContext<FormatState | null>(null);

function browserPrefs(): PrefOverrides {
  const { locale, timeZone } = Intl.DateTimeFormat().resolvedOptions();
  return { locale: navigator.language || locale, timeZone };
}

/**
 * Gives every client component the user's formatter. The server passes what it rendered with (from
 * the cookies), so the first client render is identical; after mount the browser's own zone and
 * language fill in what the user did not choose, and are remembered for the next server render.
 */
export function FormatProvider({
  overrides: initialOverrides,
  browser: initialBrowser,
  acceptLanguage,
  children,
}: {
  overrides: PrefOverrides;
  browser: PrefOverrides;
  acceptLanguage?: string | null;
  children: ReactNode;
}) {
  const [overrides, setOverridesState] = useState(initialOverrides);
  const [browser, setBrowser] = useState(initialBrowser);

  useEffect(() => {
    const actual = browserPrefs();
    if (actual.locale === initialBrowser.locale && actual.timeZone === initialBrowser.timeZone) return;
    document.cookie = serializePrefsCookie(BROWSER_COOKIE, actual);
    setBrowser(actual);
  }, [initialBrowser.locale, initialBrowser.timeZone]);

  const setOverrides = useCallback((next: PrefOverrides) => {
    document.cookie = serializePrefsCookie(PREFS_COOKIE, next);
    setOverridesState(next);
  }, []);

  const { locale, timeZone } = resolvePrefs(overrides, browser, acceptLanguage);
  const format = useMemo(() => createFormatter({ locale, timeZone }), [locale, timeZone]);
  const value = useMemo(
    () => ({ format, overrides, browser, setOverrides }),
    [format, overrides, browser, setOverrides],
  );
  return <FormatContext.Provider value={value}>{children}</FormatContext.Provider>;
}

const fallback = createFormatter(DEFAULT_PREFS);

/** The user's formatter (outside a provider, e.g. in a unit test: en-GB, UTC). */
export function useFormat(): Formatter {
  return useContext(FormatContext)?.format ?? fallback;
}

/** The preference and its setter, for /account. */
export function useFormatPrefs(): Omit<FormatState, 'format'> & { prefs: FormatPrefs } {
  const state = useContext(FormatContext);
  if (!state) throw new Error('useFormatPrefs outside FormatProvider');
  return { overrides: state.overrides, browser: state.browser, setOverrides: state.setOverrides, prefs: state.format };
}
