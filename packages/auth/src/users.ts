import { randomBytes, randomUUID } from 'node:crypto';

import { hashPassword, verifyPassword } from 'better-auth/crypto';

import type { PrismaClient, Role } from '@cc/db';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password: string;
  mustChangePassword?: boolean;
}

/** Creates a console user with a credential account; better-auth stores only the scrypt hash. */
export async function createUserWithPassword(prisma: PrismaClient, input: NewUser) {
  const id = randomUUID();
  const hash = await hashPassword(input.password);
  return prisma.user.create({
    data: {
      id,
      email: input.email.toLowerCase(),
      name: input.name,
      role: input.role,
      emailVerified: true,
      mustChangePassword: input.mustChangePassword ?? false,
      accounts: { create: { id: randomUUID(), accountId: id, providerId: 'credential', password: hash } },
    },
    select: { id: true, email: true, name: true, role: true },
  });
}

/** 20 characters from a 57-symbol alphabet without look-alikes: about 117 bits. */
export function generatePassword(length = 20): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b < 228) out += alphabet[b % 57]; // 228 = 4 * 57: keeps the choice uniform
  }
  return out.length === length ? out : generatePassword(length);
}

export interface BootstrapResult {
  created: boolean;
  email: string;
  /** Only when generated: shown once, never stored in clear. */
  generatedPassword?: string;
}

/**
 * On first start with no users, creates the initial server administrator. The password comes from the
 * environment, or is generated and returned once for the launcher to print.
 */
export async function ensureInitialAdmin(
  prisma: PrismaClient,
  opts: { email: string; password?: string },
): Promise<BootstrapResult> {
  if ((await prisma.user.count()) > 0) return { created: false, email: opts.email };
  const generated = opts.password ? undefined : generatePassword();
  await createUserWithPassword(prisma, {
    email: opts.email,
    name: 'Initial administrator',
    role: 'SERVER_ADMIN',
    password: opts.password ?? generated ?? '',
    mustChangePassword: generated !== undefined,
  });
  return { created: true, email: opts.email, generatedPassword: generated };
}

/** Replaces a user's console password (scrypt hash only). */
export async function setUserPassword(prisma: PrismaClient, userId: string, password: string, mustChange: boolean) {
  const hash = await hashPassword(password);
  await prisma.$transaction([
    prisma.account.updateMany({ where: { userId, providerId: 'credential' }, data: { password: hash } }),
    prisma.user.update({ where: { id: userId }, data: { mustChangePassword: mustChange } }),
  ]);
}

/** Whether `password` is the user's current console password. */
export async function checkUserPassword(prisma: PrismaClient, userId: string, password: string): Promise<boolean> {
  const account = await prisma.account.findFirst({
    where: { userId, providerId: 'credential' },
    select: { password: true },
  });
  if (!account?.password) return false;
  return verifyPassword({ hash: account.password, password });
}
