import { can } from '@cc/permissions';
import { ZCreateDomain, ZDeleteDomain, ZDomainRef, ZDomainSettings, ZListInput, ZRenameDomain } from '@cc/schemas';

import { actorOf, type Context } from '../context';
import {
  createDomain,
  deleteDomain,
  getDomain,
  listDomains,
  renameDomain,
  updateDomainSettings,
  type DomainDeps,
} from '../services/domains/domains';
import type { DomainScope } from '../services/domains/tenant';
import { createTRPCRouter, procedure } from '../trpc';

/** What domain services need from a request: who acts, which domains they reach, which settings they may change. */
export function domainDeps(ctx: Context & { domains: DomainScope }): DomainDeps {
  return {
    prisma: ctx.db.prisma,
    actor: actorOf(ctx),
    domains: ctx.domains,
    allSettings: can(ctx.user?.role, 'domains:manage'),
  };
}

export const domainsRouter = createTRPCRouter({
  list: procedure.input(ZListInput).query(({ ctx, input }) => listDomains(ctx.db.prisma, ctx.domains, input)),
  get: procedure.input(ZDomainRef).query(({ ctx, input }) => getDomain(ctx.db.prisma, ctx.domains, input.name)),
  create: procedure.input(ZCreateDomain).mutation(({ ctx, input }) => createDomain(domainDeps(ctx), input)),
  rename: procedure.input(ZRenameDomain).mutation(({ ctx, input }) => renameDomain(domainDeps(ctx), input)),
  delete: procedure.input(ZDeleteDomain).mutation(({ ctx, input }) => deleteDomain(domainDeps(ctx), input)),
  updateSettings: procedure
    .input(ZDomainSettings)
    .mutation(({ ctx, input }) => updateDomainSettings(domainDeps(ctx), input)),
});
