export * from './formatter';
export * from './prefs';
export { FormatProvider, useFormat, useFormatPrefs } from './context';
