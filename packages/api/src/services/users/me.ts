// What every signed-in user may do for themselves: change their own password.
import { checkUserPassword, setUserPassword } from '@cc/auth';
import type { PrismaClient } from '@cc/db';

import { fieldError } from '../../errors';
import { audited } from '../audit/audited';
import { writeAudit, type Actor } from '../audit/write-audit';

export async function changeOwnPassword(
  deps: { prisma: PrismaClient; actor: Actor; userId: string; sessionId?: string | undefined },
  input: { currentPassword: string; newPassword: string },
) {
  const audit = {
    action: 'me.changePassword',
    targetType: 'user',
    targetId: deps.userId,
    targetName: deps.actor.email ?? '',
  };
  return audited(deps.prisma, deps.actor, audit, async () => {
    if (!(await checkUserPassword(deps.prisma, deps.userId, input.currentPassword))) {
      throw fieldError('BAD_REQUEST', 'currentPassword', 'This is not your current password.');
    }
    if (input.newPassword === input.currentPassword) {
      throw fieldError('BAD_REQUEST', 'newPassword', 'Choose a password different from the current one.');
    }
    await setUserPassword(deps.prisma, deps.userId, input.newPassword, false);
    // Other browsers signed in with the old password are signed out; this one stays.
    const { count } = await deps.prisma.session.deleteMany({
      where: { userId: deps.userId, ...(deps.sessionId && { id: { not: deps.sessionId } }) },
    });
    await writeAudit(deps.prisma, deps.actor, { ...audit, after: { otherSessionsEnded: count }, outcome: 'SUCCESS' });
    return { otherSessionsEnded: count };
  });
}
