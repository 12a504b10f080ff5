import { z } from 'zod';

import { ROLES } from '@cc/permissions';
import { ZDomainName, zSearch, zSecret, zText, ZUserIdValue } from '@cc/schemas';

import { actorOf } from '../context';
import {
  createUser,
  listUsers,
  resetUserPassword,
  resetUserTwoFactor,
  setUserDisabled,
  signOutEverywhere,
  updateUser,
} from '../services/users/users';
import { createTRPCRouter, procedure } from '../trpc';

const ZUserId = z.object({ id: ZUserIdValue });
const ZPassword = zSecret(12, 256);
const ZName = zText(100).trim().min(1, 'Enter a name.');
const ZRole = z.enum(ROLES, { message: 'Choose a role.' });

export const usersRouter = createTRPCRouter({
  list: procedure.input(z.object({ search: zSearch(200) })).query(({ ctx, input }) => listUsers(ctx.db.prisma, input)),
  create: procedure
    .input(
      z.object({
        email: z.email({ message: 'Enter an e-mail address.' }).max(254).toLowerCase(),
        name: ZName,
        role: ZRole,
        domains: z.array(ZDomainName).max(1000).default([]),
        password: ZPassword.optional(),
      }),
    )
    .mutation(({ ctx, input }) => createUser({ prisma: ctx.db.prisma, actor: actorOf(ctx) }, input)),
  update: procedure
    .input(
      ZUserId.extend({
        name: ZName.optional(),
        role: ZRole.optional(),
        domains: z.array(ZDomainName).max(1000).optional(),
      }),
    )
    .mutation(({ ctx, input }) => updateUser({ prisma: ctx.db.prisma, actor: actorOf(ctx) }, input)),
  setDisabled: procedure
    .input(ZUserId.extend({ disabled: z.boolean() }))
    .mutation(({ ctx, input }) => setUserDisabled({ prisma: ctx.db.prisma, actor: actorOf(ctx) }, input)),
  resetPassword: procedure
    .input(ZUserId.extend({ password: ZPassword.optional() }))
    .mutation(({ ctx, input }) => resetUserPassword({ prisma: ctx.db.prisma, actor: actorOf(ctx) }, input)),
  /** A lost authenticator: the user signs in with the password alone until they set it up again. */
  resetTwoFactor: procedure
    .input(ZUserId)
    .mutation(({ ctx, input }) => resetUserTwoFactor({ prisma: ctx.db.prisma, actor: actorOf(ctx) }, input.id)),
  signOutEverywhere: procedure
    .input(ZUserId)
    .mutation(({ ctx, input }) => signOutEverywhere({ prisma: ctx.db.prisma, actor: actorOf(ctx) }, input.id)),
});
