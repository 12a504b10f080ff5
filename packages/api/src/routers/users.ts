import { ZCreateUser, ZListUsers, ZResetUserPassword, ZSetUserDisabled, ZUpdateUser, ZUserId } from '@cc/schemas';

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

export const usersRouter = createTRPCRouter({
  list: procedure.input(ZListUsers).query(({ ctx, input }) => listUsers(ctx.db.prisma, input)),
  create: procedure
    .input(ZCreateUser)
    .mutation(({ ctx, input }) => createUser({ prisma: ctx.db.prisma, actor: actorOf(ctx) }, input)),
  update: procedure
    .input(ZUpdateUser)
    .mutation(({ ctx, input }) => updateUser({ prisma: ctx.db.prisma, actor: actorOf(ctx) }, input)),
  setDisabled: procedure
    .input(ZSetUserDisabled)
    .mutation(({ ctx, input }) => setUserDisabled({ prisma: ctx.db.prisma, actor: actorOf(ctx) }, input)),
  resetPassword: procedure
    .input(ZResetUserPassword)
    .mutation(({ ctx, input }) => resetUserPassword({ prisma: ctx.db.prisma, actor: actorOf(ctx) }, input)),
  /** A lost authenticator: the user signs in with the password alone until they set it up again. */
  resetTwoFactor: procedure
    .input(ZUserId)
    .mutation(({ ctx, input }) => resetUserTwoFactor({ prisma: ctx.db.prisma, actor: actorOf(ctx) }, input.id)),
  signOutEverywhere: procedure
    .input(ZUserId)
    .mutation(({ ctx, input }) => signOutEverywhere({ prisma: ctx.db.prisma, actor: actorOf(ctx) }, input.id)),
});
