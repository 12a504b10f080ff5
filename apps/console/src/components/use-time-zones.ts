import { useSyncExternalStore } from 'react';

// The browser's own zone list, read after hydration: the server's ICU may list other zones, so the
// server render (and the first client render) gets none.
let zones: readonly string[] | undefined;
const NO_ZONES: readonly string[] = [];
const getZones = () =>
  (zones ??= typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []);
const subscribeNever = () => () => {};

/** IANA time zones this browser knows (empty during server rendering and hydration). */
export function useTimeZones(): readonly string[] {
  return useSyncExternalStore(subscribeNever, getZones, () => NO_ZONES);
}
