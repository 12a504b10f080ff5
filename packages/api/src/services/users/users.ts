// Console users: server administrators create them, give them a role (and
// domains, for domain administrators), disable them, reset their password or
// their two-factor sign-in and sign them out everywhere. Passwords, hashes and
// two-factor secrets never leave this module (it selects only whether 2FA is on).
import { createUserWithPassword, generatePassword, removeTwoFactor, setUserPassword } from '@cc/auth';
import type { Prisma, PrismaClient, Role } from '@cc/db';

import { AppError, fieldError } from '../../errors';
import { audited } from '../audit/audited';
import { writeAudit, type Actor } from '../audit/write-audit';

export interface UserDeps {
  prisma: PrismaClient;
  actor: Actor;
}

/** With the count of sessions still valid now. */
function userSelect() {
  return {
    id: true,
    email: true,
    name: true,
    role: true,
    disabled: true,
    mustChangePassword: true,
    twoFactorEnabled: true,
    createdAt: true,
    domains: { select: { domain: { select: { name: true } } } },
    _count: { select: { sessions: { where: { expiresAt: { gt: new Date() } } } } },
  } satisfies Prisma.UserSelect;
}

type UserRow = Prisma.UserGetPayload<{ select: ReturnType<typeof userSelect> }>;

function toView({ domains, _count, ...u }: UserRow) {
  return { ...u, domains: domains.map((d) => d.domain.name).sort(), sessions: _count.sessions };
}

export async function listUsers(prisma: PrismaClient, input: { search?: string | undefined }) {
  const rows = await prisma.user.findMany({
    where: input.search
      ? {
          OR: [
            { email: { contains: input.search.toLowerCase() } },
            { name: { contains: input.search, mode: 'insensitive' } },
          ],
        }
      : {},
    orderBy: { email: 'asc' },
    take: 500,
    select: userSelect(),
  });
  return rows.map(toView);
}

/** The domain ids for these names; an unknown name is a field error. */
async function domainIds(prisma: PrismaClient, names: string[]): Promise<string[]> {
  const found = await prisma.sharedDomain.findMany({
    where: { name: { in: names } },
    select: { id: true, name: true },
  });
  const missing = names.filter((n) => !found.some((d) => d.name === n));
  if (missing.length > 0) throw fieldError('BAD_REQUEST', 'domains', `No shared domain ${missing.join(', ')}.`);
  return found.map((d) => d.id);
}

function checkDomains(role: Role, domains: string[]): void {
  if (role === 'DOMAIN_ADMIN' && domains.length === 0) {
    throw fieldError('BAD_REQUEST', 'domains', 'A domain administrator needs at least one domain.');
  }
  if (role !== 'DOMAIN_ADMIN' && domains.length > 0) {
    throw fieldError('BAD_REQUEST', 'domains', 'Only domain administrators are assigned domains.');
  }
}

export interface CreateUserInput {
  email: string;
  name: string;
  role: Role;
  domains: string[];
  password?: string | undefined;
}

export async function createUser(deps: UserDeps, input: CreateUserInput) {
  const audit = { action: 'users.create', targetType: 'user', targetName: input.email };
  const safe = { email: input.email, name: input.name, role: input.role, domains: input.domains };
  return audited(deps.prisma, deps.actor, { ...audit, after: safe }, async () => {
    checkDomains(input.role, input.domains);
    const ids = await domainIds(deps.prisma, input.domains);
    if (await deps.prisma.user.findUnique({ where: { email: input.email } })) {
      throw fieldError('CONFLICT', 'email', `A user ${input.email} already exists.`);
    }
    const generated = input.password === undefined ? generatePassword() : undefined;
    // Someone else chose the password: the user replaces it at first sign-in.
    const user = await createUserWithPassword(deps.prisma, {
      ...input,
      password: input.password ?? generated!,
      mustChangePassword: true,
    });
    await deps.prisma.$transaction(async (tx) => {
      await tx.domainAdmin.createMany({ data: ids.map((domainId) => ({ userId: user.id, domainId })) });
      await writeAudit(tx, deps.actor, { ...audit, targetId: user.id, after: safe, outcome: 'SUCCESS' });
    });
    return { id: user.id, generatedPassword: generated };
  });
}

async function findUser(prisma: PrismaClient, id: string) {
  const user = await prisma.user.findUnique({ where: { id }, select: userSelect() });
  if (!user) throw new AppError('NOT_FOUND', 'No such user.');
  return toView(user);
}

/**
 * Refuses a change that would leave nobody able to administer the console. Called inside the change's
 * transaction: the lock makes two administrators disabling or demoting each other at once take turns,
 * so the second one sees the first one's change and is refused.
 */
async function keepAnAdministrator(tx: Pick<PrismaClient, 'user' | '$executeRaw'>, userId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('cc.server-administrators'))`;
  const others = await tx.user.count({ where: { role: 'SERVER_ADMIN', disabled: false, id: { not: userId } } });
  if (others === 0) {
    throw new AppError('CONFLICT', 'This is the last active server administrator; appoint another one first.');
  }
}

export async function updateUser(
  deps: UserDeps,
  input: { id: string; name?: string | undefined; role?: Role | undefined; domains?: string[] | undefined },
) {
  const audit = { action: 'users.update', targetType: 'user', targetId: input.id };
  return audited(deps.prisma, deps.actor, { ...audit, after: input }, async () => {
    const before = await findUser(deps.prisma, input.id);
    const role = input.role ?? before.role;
    const domains = input.domains ?? (role === 'DOMAIN_ADMIN' ? before.domains : []);
    checkDomains(role, domains);
    // An administrator who demotes themselves cannot undo it: another administrator does that.
    if (input.id === deps.actor.id && role !== before.role) {
      throw new AppError('CONFLICT', 'You cannot change your own role; another server administrator can.');
    }
    const ids = await domainIds(deps.prisma, domains);
    await deps.prisma.$transaction(async (tx) => {
      if (before.role === 'SERVER_ADMIN' && role !== 'SERVER_ADMIN') await keepAnAdministrator(tx, input.id);
      await tx.user.update({ where: { id: input.id }, data: { name: input.name ?? before.name, role } });
      await tx.domainAdmin.deleteMany({ where: { userId: input.id } });
      await tx.domainAdmin.createMany({ data: ids.map((domainId) => ({ userId: input.id, domainId })) });
      await writeAudit(tx, deps.actor, {
        ...audit,
        targetName: before.email,
        before: { name: before.name, role: before.role, domains: before.domains },
        after: { name: input.name ?? before.name, role, domains },
        outcome: 'SUCCESS',
      });
    });
    return findUser(deps.prisma, input.id);
  });
}

export async function setUserDisabled(deps: UserDeps, input: { id: string; disabled: boolean }) {
  const audit = { action: 'users.setDisabled', targetType: 'user', targetId: input.id };
  return audited(deps.prisma, deps.actor, { ...audit, after: { disabled: input.disabled } }, async () => {
    const user = await findUser(deps.prisma, input.id);
    if (input.disabled && user.id === deps.actor.id) throw new AppError('CONFLICT', 'You cannot disable yourself.');
    await deps.prisma.$transaction(async (tx) => {
      if (input.disabled && user.role === 'SERVER_ADMIN') await keepAnAdministrator(tx, user.id);
      await tx.user.update({ where: { id: user.id }, data: { disabled: input.disabled } });
      // A disabled user is signed out at once, not when the cookie expires.
      const ended = input.disabled ? (await tx.session.deleteMany({ where: { userId: user.id } })).count : 0;
      await writeAudit(tx, deps.actor, {
        ...audit,
        targetName: user.email,
        before: { disabled: user.disabled },
        after: { disabled: input.disabled, sessionsEnded: ended },
        outcome: 'SUCCESS',
      });
    });
    return { id: user.id, disabled: input.disabled };
  });
}

export async function resetUserPassword(deps: UserDeps, input: { id: string; password?: string | undefined }) {
  const audit = { action: 'users.resetPassword', targetType: 'user', targetId: input.id };
  return audited(
    deps.prisma,
    deps.actor,
    { ...audit, after: { passwordChosen: input.password !== undefined } },
    async () => {
      const user = await findUser(deps.prisma, input.id);
      const generated = input.password === undefined ? generatePassword() : undefined;
      await setUserPassword(deps.prisma, user.id, input.password ?? generated!, true);
      const ended = (await deps.prisma.session.deleteMany({ where: { userId: user.id } })).count;
      await writeAudit(deps.prisma, deps.actor, {
        ...audit,
        targetName: user.email,
        after: { passwordChosen: input.password !== undefined, sessionsEnded: ended },
        outcome: 'SUCCESS',
      });
      return { id: user.id, generatedPassword: generated };
    },
  );
}

export async function signOutEverywhere(deps: UserDeps, id: string) {
  const audit = { action: 'users.signOutEverywhere', targetType: 'user', targetId: id };
  return audited(deps.prisma, deps.actor, audit, async () => {
    const user = await findUser(deps.prisma, id);
    const ended = await deps.prisma.$transaction(async (tx) => {
      const { count } = await tx.session.deleteMany({ where: { userId: id } });
      await writeAudit(tx, deps.actor, {
        ...audit,
        targetName: user.email,
        after: { sessionsEnded: count },
        outcome: 'SUCCESS',
      });
      return count;
    });
    return { ended };
  });
}

/**
 * Turns off another user's two-factor sign-in (a lost phone): secret, backup codes, trusted devices and
 * sign-in challenges are removed, so their next sign-in needs the password only until they set it up
 * again. Their own, a user turns off on the account page, with their password.
 */
export async function resetUserTwoFactor(deps: UserDeps, id: string) {
  const audit = { action: 'users.resetTwoFactor', targetType: 'user', targetId: id };
  return audited(deps.prisma, deps.actor, audit, async () => {
    const user = await findUser(deps.prisma, id);
    if (user.id === deps.actor.id) {
      throw new AppError('CONFLICT', 'Turn off your own two-factor sign-in on your account page (with your password).');
    }
    if (!user.twoFactorEnabled) throw new AppError('CONFLICT', `${user.email} does not use two-factor sign-in.`);
    await deps.prisma.$transaction(async (tx) => {
      await removeTwoFactor(tx, user.id);
      await writeAudit(tx, deps.actor, {
        ...audit,
        targetName: user.email,
        before: { twoFactorEnabled: true },
        after: { twoFactorEnabled: false },
        outcome: 'SUCCESS',
      });
    });
    return { id: user.id, twoFactorEnabled: false };
  });
}
