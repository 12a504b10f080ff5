export { appRouter, createCaller, type AppRouter } from './root';
export { createInnerContext, createRequestContext, requestMeta, type Context, type ServerDeps } from './context';
export { AppError } from './errors';
export { SecretBox, deriveSecret, loadMasterKey } from './services/secrets/secret-box';
export { writeAudit, SYSTEM_ACTOR, type Actor } from './services/audit/write-audit';
export { handleAuthRequest } from './services/audit/auth-events';
export { handleAuditExport } from './audit-export';
export { NODE_STATES, type NodeState } from './services/nodes/node-state';
export type { NodeRow } from './services/nodes/list-nodes';
