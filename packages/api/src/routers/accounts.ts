import { can } from '@cc/permissions';
import {
  ZAccountRef,
  ZAccountSettings,
  ZCreateAccount,
  ZDeleteAccount,
  ZListAccounts,
  ZRenameAccount,
  ZResetPassword,
  ZSetEnabled,
} from '@cc/schemas';

import {
  accountWhereOpen,
  endAccountSessions,
  resetAccountPassword,
  type NodeDetail,
  setAccountEnabled,
  updateAccountSettings,
} from '../services/domains/account-actions';
import { createAccount, deleteAccount, getAccount, listAccounts, renameAccount } from '../services/domains/accounts';
import { createTRPCRouter, procedure } from '../trpc';
import { domainDeps } from './domains';

/** Node names, ids and errors only for roles that may see the cluster; domain administrators get totals. */
function nodeDetail(role: string): NodeDetail {
  return can(role, 'cluster:read') ? 'nodes' : 'totals';
}

export const accountsRouter = createTRPCRouter({
  list: procedure.input(ZListAccounts).query(({ ctx, input }) => listAccounts(ctx.db.prisma, ctx.domains, input)),
  get: procedure.input(ZAccountRef).query(({ ctx, input }) => getAccount(ctx.db.prisma, ctx.domains, input.address)),
  /** Where the account is open right now, asked of every live node. */
  where: procedure
    .input(ZAccountRef)
    .query(({ ctx, input }) =>
      accountWhereOpen(
        { prisma: ctx.db.prisma, secrets: ctx.secrets },
        ctx.domains,
        input.address,
        nodeDetail(ctx.user.role),
      ),
    ),
  create: procedure.input(ZCreateAccount).mutation(({ ctx, input }) => createAccount(domainDeps(ctx), input)),
  rename: procedure.input(ZRenameAccount).mutation(({ ctx, input }) => renameAccount(domainDeps(ctx), input)),
  delete: procedure.input(ZDeleteAccount).mutation(({ ctx, input }) => deleteAccount(domainDeps(ctx), input)),
  resetPassword: procedure
    .input(ZResetPassword)
    .mutation(({ ctx, input }) => resetAccountPassword(domainDeps(ctx), input)),
  setEnabled: procedure.input(ZSetEnabled).mutation(({ ctx, input }) => setAccountEnabled(domainDeps(ctx), input)),
  updateSettings: procedure
    .input(ZAccountSettings)
    .mutation(({ ctx, input }) => updateAccountSettings(domainDeps(ctx), input)),
  endSessions: procedure
    .input(ZAccountRef)
    .mutation(({ ctx, input }) =>
      endAccountSessions({ ...domainDeps(ctx), secrets: ctx.secrets }, input.address, nodeDetail(ctx.user.role)),
    ),
});
