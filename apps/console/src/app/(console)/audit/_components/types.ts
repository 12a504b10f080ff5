import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

import type { AppRouter } from '@cc/api';

// Type-only, derived from the router (as components/api-types.ts does for the other pages).
type Outputs = inferRouterOutputs<AppRouter>;

export type AuditListItem = Outputs['audit']['list']['items'][number];
export type AuditEntry = Outputs['audit']['get'];
export type AuditDiffRow = AuditEntry['diff'][number];
export type SyslogSettings = Outputs['audit']['syslogSettings'];
export type RetentionSettings = Outputs['audit']['retention'];
export type SyslogInput = inferRouterInputs<AppRouter>['audit']['updateSyslog'];
export type AuditListInput = inferRouterInputs<AppRouter>['audit']['list'];
