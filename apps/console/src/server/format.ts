import { cookies, headers } from 'next/headers';
import { cache } from 'react';

import { BROWSER_COOKIE, createFormatter, parsePrefsCookie, PREFS_COOKIE, resolvePrefs } from '@cc/ui';

/** The user's format preferences as this request carries them (cookies set by the browser and /account). */
export const getFormatInput = cache(async () => {
  const [jar, h] = await Promise.all([cookies(), headers()]);
  return {
    overrides: parsePrefsCookie(jar.get(PREFS_COOKIE)?.value),
    browser: parsePrefsCookie(jar.get(BROWSER_COOKIE)?.value),
    acceptLanguage: h.get('accept-language'),
  };
});

/** The formatter for server components: the same text the browser's provider renders. */
export async function getFormatter() {
  const { overrides, browser, acceptLanguage } = await getFormatInput();
  return createFormatter(resolvePrefs(overrides, browser, acceptLanguage));
}
