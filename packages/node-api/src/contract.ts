// The browser-safe part of @cc/node-api: the contract's schemas and the pure validators, without the
// client (node:http, node:tls). @cc/schemas builds the console's procedure inputs from these.
export * from './schemas';
export * from './config-schemas';
export * from './upgrade-schemas';
export { validateAdminUrl, validateNodeAdminUrl, normalizeAdminUrl } from './admin-url';
export { validateHost, normalizeHost, MAX_HOST_LENGTH } from './host';
export { normalizeFingerprint } from './fingerprint';
