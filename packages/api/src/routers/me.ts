import { hasTwoFactor } from '@cc/auth';
import { ROLE_LABELS, scopesOf } from '@cc/permissions';
import { ZChangeOwnPassword } from '@cc/schemas';

import { actorOf } from '../context';
import { changeOwnPassword } from '../services/users/me';
import { createTRPCRouter, procedure } from '../trpc';

export const meRouter = createTRPCRouter({
  get: procedure.query(async ({ ctx }) => ({
    ...ctx.user,
    roleLabel: ROLE_LABELS[ctx.user.role],
    scopes: [...scopesOf(ctx.user.role)],
    /** Whether sign-in asks for a second factor; turned on and off through /api/auth (never a secret here). */
    twoFactorEnabled: await hasTwoFactor(ctx.db.prisma, ctx.user.id),
  })),
  changePassword: procedure
    .input(ZChangeOwnPassword)
    .mutation(({ ctx, input }) =>
      changeOwnPassword(
        { prisma: ctx.db.prisma, actor: actorOf(ctx), userId: ctx.user.id, sessionId: ctx.user.sessionId },
        input,
      ),
    ),
});
