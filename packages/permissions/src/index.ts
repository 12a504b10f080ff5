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
  /** Tenant-bound for domain administrators: only entries recorded against their domains. */
  'audit:read': 'Read the audit log',
  /** Syslog forwarding and retention of the audit log. */
  'audit:manage': 'Configure audit forwarding and retention',
  'users:read': 'See console users and their roles',
  'users:manage': 'Manage console users',
  /** The cluster-wide Default Domain/Account Settings and WebUser Preferences. */
  'settings:read': 'View cluster-wide default settings',
  'settings:manage': 'Change cluster-wide default settings',
  /** Shared domains and their accounts; tenant-bound roles see only the domains they manage. */
  'domains:read': 'View shared domains and accounts',
  /** Create, rename and delete domains; change every domain and account setting. */
  'domains:manage': 'Create, rename and delete shared domains',
  /** Accounts, domain-editable settings, ending an account's sessions (tenant-bound for domain admins). */
  'domain:edit': 'Manage accounts and domain-editable settings',
} as const;
export type Scope = keyof typeof SCOPES;

const READ: Scope[] = ['cluster:read', 'settings:read', 'domains:read', 'users:read'];
const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  SERVER_ADMIN: [
    ...READ,
    'nodes:manage',
    'cluster:control',
    'audit:read',
    'audit:manage',
    'users:manage',
    'settings:manage',
    'domains:manage',
    'domain:edit',
  ],
  CLUSTER_OPERATOR: [...READ, 'cluster:control'],
  // Never nodes' internals or cluster settings: only the domains they manage (TENANT_BOUND_ROLES).
  DOMAIN_ADMIN: ['domains:read', 'domain:edit', 'audit:read'],
  AUDITOR: [...READ, 'audit:read'],
};

/** Roles whose domain scopes reach only the domains assigned to the user (DomainAdmin rows). */
export const TENANT_BOUND_ROLES: readonly Role[] = ['DOMAIN_ADMIN'];

export function isTenantBound(role: unknown): boolean {
  return isRole(role) && TENANT_BOUND_ROLES.includes(role);
}

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
  // Each part is gated inside by scope and tenant: nodes need cluster:read, names only from own domains.
  'search.palette': 'signed-in',
  'me.changePassword': 'signed-in',
  'users.list': 'users:read',
  'users.create': 'users:manage',
  'users.update': 'users:manage',
  'users.setDisabled': 'users:manage',
  'users.resetPassword': 'users:manage',
  'users.resetTwoFactor': 'users:manage',
  'users.signOutEverywhere': 'users:manage',
  'cluster.overview': 'cluster:read',
  'cluster.history': 'cluster:read',
  'cluster.timeline': 'cluster:read',
  'cluster.sizingBaseline': 'cluster:read',
  'nodes.list': 'cluster:read',
  'nodes.watch': 'cluster:read',
  'nodes.get': 'cluster:read',
  'nodes.history': 'cluster:read',
  'nodes.register': 'nodes:manage',
  'nodes.remove': 'nodes:manage',
  'nodes.test': 'nodes:manage',
  'nodes.certificate': 'nodes:manage',
  'nodes.acceptCertificate': 'nodes:manage',
  'nodes.readinessPreview': 'cluster:control',
  'nodes.setReadiness': 'cluster:control',
  'nodes.endSessions': 'cluster:control',
  'ports.required': 'cluster:read',
  'ports.lastRun': 'cluster:read',
  // Probing makes every node open connections: an operator's action, not a reader's.
  'ports.run': 'cluster:control',
  'settings.definitions': 'signed-in',
  // Which node kinds exist (not which nodes): every page with settings marks what they do not enforce.
  'settings.nodeDrivers': 'signed-in',
  'settings.clusterDefaults': 'settings:read',
  'settings.updateClusterDefaults': 'settings:manage',
  'domains.list': 'domains:read',
  'domains.get': 'domains:read',
  'domains.create': 'domains:manage',
  'domains.rename': 'domains:manage',
  'domains.delete': 'domains:manage',
  'domains.updateSettings': 'domain:edit',
  'accounts.list': 'domains:read',
  'accounts.get': 'domains:read',
  'accounts.where': 'domains:read',
  'accounts.create': 'domain:edit',
  'accounts.rename': 'domain:edit',
  'accounts.delete': 'domain:edit',
  'accounts.resetPassword': 'domain:edit',
  'accounts.setEnabled': 'domain:edit',
  'accounts.updateSettings': 'domain:edit',
  'accounts.endSessions': 'domain:edit',
  'config.status': 'domains:read',
  // Alerts: who may post where (cluster-wide: server administrators only) is decided per scope.
  'alerts.list': 'domains:read',
  'alerts.get': 'domains:read',
  'alerts.forAccount': 'domains:read',
  'alerts.delivery': 'domains:read',
  'alerts.post': 'domain:edit',
  'alerts.remove': 'domain:edit',
  // Audit log: domain administrators read only their domains' entries (the service filters by tenant).
  'audit.list': 'audit:read',
  'audit.get': 'audit:read',
  'audit.verify': 'audit:read',
  'audit.syslogSettings': 'audit:manage',
  'audit.updateSyslog': 'audit:manage',
  'audit.retention': 'audit:manage',
  'audit.updateRetention': 'audit:manage',
  // Rolling upgrades: everyone who sees nodes can watch; only Can Control Cluster runs them.
  'upgrades.releases': 'cluster:read',
  'upgrades.preflight': 'cluster:read',
  'upgrades.list': 'cluster:read',
  'upgrades.active': 'cluster:read',
  'upgrades.get': 'cluster:read',
  'upgrades.start': 'cluster:control',
  'upgrades.pause': 'cluster:control',
  'upgrades.resume': 'cluster:control',
  'upgrades.abort': 'cluster:control',
  'upgrades.rollback': 'cluster:control',
  // Health findings: everyone reads what their scope covers (domain administrators: only findings about
  // their domains, so no cluster-level ones); Can Control Cluster acknowledges and silences.
  'health.findings': 'domains:read',
  'health.finding': 'domains:read',
  'health.acknowledge': 'cluster:control',
  'health.silence': 'cluster:control',
  'health.unsilence': 'cluster:control',
  'health.settings': 'cluster:read',
  'health.updateSettings': 'settings:manage',
  // Notification channels carry secrets and addresses: server administrators configure and test them.
  'notifications.channels': 'settings:read',
  'notifications.deliveries': 'settings:read',
  'notifications.createChannel': 'settings:manage',
  'notifications.updateChannel': 'settings:manage',
  'notifications.deleteChannel': 'settings:manage',
  'notifications.testChannel': 'settings:manage',
  'notifications.retryDelivery': 'settings:manage',
} as const satisfies Record<string, Access>;

export type ProcedurePath = keyof typeof PROCEDURE_ACCESS;

export function accessFor(path: string): Access | undefined {
  return (PROCEDURE_ACCESS as Record<string, Access>)[path];
}

/**
 * A user whose password someone else chose (first start, a reset) may only read who they are and
 * change it (signing out is better-auth's); everything else answers 403 with this message.
 */
export const PASSWORD_CHANGE_PROCEDURES: readonly ProcedurePath[] = ['me.get', 'me.changePassword'];
export const PASSWORD_CHANGE_REQUIRED =
  'Change your password first: until then your account page is the only thing open to you.';

export function allowedBeforePasswordChange(path: string): boolean {
  return (PASSWORD_CHANGE_PROCEDURES as readonly string[]).includes(path);
}
