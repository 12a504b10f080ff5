// Public surface of @cc/node-api. The OpenAPI generator lives in the
// separate "@cc/node-api/openapi" entry so the console doesn't bundle it.
export * from './schemas';
export * from './config-schemas';
export * from './upgrade-schemas';
export * from './endpoints';
export { validateAdminUrl, validateNodeAdminUrl, normalizeAdminUrl } from './admin-url';
export { validateHost, normalizeHost, MAX_HOST_LENGTH } from './host';
export {
  createNodeClient,
  NodeApiError,
  DEFAULT_TIMEOUT_MS,
  type NodeApiErrorKind,
  type NodeClient,
  type NodeClientOptions,
} from './client';
export {
  CertificateError,
  certificateFingerprint,
  createNodeFetch,
  sharedNodeFetch,
  fetchCertificate,
  normalizeFingerprint,
  type NodeFetch,
  type NodeTls,
  type PresentedCertificate,
} from './node-fetch';
