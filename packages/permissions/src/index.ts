/**
 * The one permission table. Every tRPC procedure is listed in PROCEDURE_ACCESS (a procedure without an
 * entry is refused, and a test fails); the UI hides what `can()` denies. Unknown roles get nothing.
 */

export const ROLES = ['SERVER_ADMIN', 'CLUSTER_OPERATOR', 'DOMAIN_ADMIN', 'AUDITOR'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  SERVER_ADMIN: 'Server administrator',
  CLUSTER_OPERATOR: 'Cluster operator',
  DOMAIN_ADMIN: 'Domain administrator',
  AUDITOR: 'Auditor',
};

export const SCOPES = {
  /** See nodes, their load and the cluster totals (the Single Service Image). */
  'cluster:read': 'View nodes and cluster status',
  /** Register and remove nodes: changes what the console manages. */
  'nodes:manage': 'Register and remove nodes',
  /** CommuniGate Pro's "Can Control Cluster" right: readiness, draining, upgrades. */
  'cluster:control': 'Control the cluster (Make Ready / Non-Ready, upgrades)',
  'audit:read': 'Read the audit log',
  'users:manage': 'Manage console users',
} as const;
export type Scope = keyof typeof SCOPES;

const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  SERVER_ADMIN: ['cluster:read', 'nodes:manage', 'cluster:control', 'audit:read', 'users:manage'],
  CLUSTER_OPERATOR: ['cluster:read', 'cluster:control'],
  // Domain administrators never see nodes' internals; their domain scopes arrive with shared domains.
  DOMAIN_ADMIN: [],
  AUDITOR: ['cluster:read', 'audit:read'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function scopesOf(role: unknown): readonly Scope[] {
  return isRole(role) ? ROLE_SCOPES[role] : [];
}

export function can(role: unknown, scope: Scope): boolean {
  return scopesOf(role).includes(scope);
}

/** `'signed-in'`: any active user; a Scope: users whose role has it. */
export type Access = 'signed-in' | Scope;

export const PROCEDURE_ACCESS = {
  'me.get': 'signed-in',
  'cluster.overview': 'cluster:read',
  'nodes.list': 'cluster:read',
  'nodes.watch': 'cluster:read',
  'nodes.get': 'cluster:read',
  'nodes.history': 'cluster:read',
  'nodes.register': 'nodes:manage',
  'nodes.remove': 'nodes:manage',
  'nodes.test': 'nodes:manage',
  'nodes.readinessPreview': 'cluster:control',
  'nodes.setReadiness': 'cluster:control',
  'nodes.endSessions': 'cluster:control',
  'ports.required': 'cluster:read',
  'ports.lastRun': 'cluster:read',
  // Probing makes every node open connections: an operator's action, not a reader's.
  'ports.run': 'cluster:control',
} as const satisfies Record<string, Access>;

export type ProcedurePath = keyof typeof PROCEDURE_ACCESS;

export function accessFor(path: string): Access | undefined {
  return (PROCEDURE_ACCESS as Record<string, Access>)[path];
}
