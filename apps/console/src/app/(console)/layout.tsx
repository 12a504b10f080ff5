import Link from 'next/link';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';

import { can, ROLE_LABELS } from '@cc/permissions';
import { FormatProvider } from '@cc/ui';
import { ThemeToggle } from '@cc/ui';

import { MustChangePasswordBanner } from '~/components/must-change-password-banner';
import { UpgradeBanner } from '~/components/upgrade-banner';
import { SignOutButton } from '~/components/sign-out-button';
import { getFormatInput } from '~/server/format';
import { getSessionUser } from '~/server/session';

export const dynamic = 'force-dynamic';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  if (!user) redirect('/sign-in');
  // Until a password someone else chose is replaced, only the account page is open (server/session.ts).
  const locked = user.mustChangePassword;
  return (
    <FormatProvider {...await getFormatInput()}>
      <div className="min-h-screen">
        <header className="border-b border-border bg-card">
          <div className="mx-auto flex max-w-7xl items-center gap-6 px-6 py-3">
            <Link href="/" className="font-semibold">
              Cluster Console
            </Link>
            <nav className="flex gap-4 text-sm" hidden={locked}>
              {can(user.role, 'cluster:read') && (
                <>
                  <Link href="/nodes" className="text-secondary-foreground hover:text-foreground">
                    Nodes
                  </Link>
                  <Link href="/ports" className="text-secondary-foreground hover:text-foreground">
                    Ports
                  </Link>
                  <Link href="/sizing" className="text-secondary-foreground hover:text-foreground">
                    Sizing
                  </Link>
                  <Link href="/upgrades" className="text-secondary-foreground hover:text-foreground">
                    Upgrades
                  </Link>
                </>
              )}
              {can(user.role, 'domains:read') && (
                <Link href="/domains" className="text-secondary-foreground hover:text-foreground">
                  Domains
                </Link>
              )}
              {can(user.role, 'domains:read') && (
                <Link href="/alerts" className="text-secondary-foreground hover:text-foreground">
                  Alerts
                </Link>
              )}
              {can(user.role, 'domains:read') && (
                <Link href="/health" className="text-secondary-foreground hover:text-foreground">
                  Health
                </Link>
              )}
              {can(user.role, 'settings:read') && (
                <Link href="/settings" className="text-secondary-foreground hover:text-foreground">
                  Settings
                </Link>
              )}
              {can(user.role, 'users:read') && (
                <Link href="/users" className="text-secondary-foreground hover:text-foreground">
                  Users
                </Link>
              )}
              {can(user.role, 'audit:read') && (
                <Link href="/audit" className="text-secondary-foreground hover:text-foreground">
                  Audit log
                </Link>
              )}
            </nav>
            <div className="ml-auto flex items-center gap-3 text-sm">
              <Link
                href="/account"
                data-testid="current-user"
                title="Your account and password"
                className="text-secondary-foreground hover:text-foreground hover:underline"
              >
                {user.email} · {ROLE_LABELS[user.role]}
              </Link>
              <ThemeToggle />
              <SignOutButton />
            </div>
          </div>
        </header>
        {locked && <MustChangePasswordBanner />}
        {!locked && can(user.role, 'cluster:read') && <UpgradeBanner />}
        <main className="mx-auto max-w-7xl px-6 py-6">{children}</main>
      </div>
    </FormatProvider>
  );
}
