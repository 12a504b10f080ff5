import { z } from 'zod';

import { ROLE_LABELS, scopesOf } from '@cc/permissions';

import { actorOf } from '../context';
import { changeOwnPassword } from '../services/users/me';
import { createTRPCRouter, procedure } from '../trpc';

export const meRouter = createTRPCRouter({
  get: procedure.query(({ ctx }) => ({
    ...ctx.user,
    roleLabel: ROLE_LABELS[ctx.user.role],
    scopes: [...scopesOf(ctx.user.role)],
  })),
  changePassword: procedure
    .input(
      z.object({
        currentPassword: z.string().min(1, 'Enter your current password.').max(256),
        newPassword: z.string().min(12, 'At least 12 characters.').max(256, 'At most 256 characters.'),
      }),
    )
    .mutation(({ ctx, input }) =>
      changeOwnPassword(
        { prisma: ctx.db.prisma, actor: actorOf(ctx), userId: ctx.user.id, sessionId: ctx.user.sessionId },
        input,
      ),
    ),
});
