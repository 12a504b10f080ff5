// The console's procedure inputs (zod), shared by the tRPC routers and the browser's forms so a
// field error reads the same in both. Nothing server-only here: no Prisma, no node: modules.
export * from './common';
export * from './alerts';
export * from './audit';
export * from './domains';
export * from './health';
export * from './nodes';
export * from './notifications';
export * from './upgrades';
export * from './users';
export * from './search';
