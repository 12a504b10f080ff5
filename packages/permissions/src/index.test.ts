import { describe, expect, it } from 'vitest';

import { accessFor, can, PROCEDURE_ACCESS, ROLES, scopesOf, SCOPES } from './index';

describe('permission table', () => {
  it('gives the server administrator every scope', () => {
    for (const scope of Object.keys(SCOPES)) expect(can('SERVER_ADMIN', scope as keyof typeof SCOPES)).toBe(true);
  });

  it('lets only server admins and cluster operators control the cluster', () => {
    expect(ROLES.filter((r) => can(r, 'cluster:control'))).toEqual(['SERVER_ADMIN', 'CLUSTER_OPERATOR']);
  });

  it('keeps auditors read-only', () => {
    expect(scopesOf('AUDITOR').length).toBeGreaterThan(0);
    expect(scopesOf('AUDITOR').filter((scope) => !scope.endsWith(':read'))).toEqual([]);
    expect(scopesOf('AUDITOR')).toContain('audit:read');
  });

  it('hides nodes from domain administrators', () => {
    expect(can('DOMAIN_ADMIN', 'cluster:read')).toBe(false);
  });

  it('fails closed on unknown roles and unlisted procedures', () => {
    expect(scopesOf('ROOT')).toEqual([]);
    expect(can(undefined, 'cluster:read')).toBe(false);
    expect(accessFor('nodes.dropAll')).toBeUndefined();
  });

  it('only names known scopes', () => {
    for (const access of Object.values(PROCEDURE_ACCESS)) {
      expect(access === 'signed-in' || access in SCOPES).toBe(true);
    }
  });
});
