import Link from 'next/link';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';

import { can, ROLE_LABELS } from '@cc/permissions';
import { FormatProvider, SkipLink, ThemeToggle } from '@cc/ui';

import { ConsoleNav } from '~/components/shell/console-nav';
import { ConsolePalette } from '~/components/shell/console-palette';
import { navPagesFor, pagesFor } from '~/components/shell/pages';
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
  const nav = navPagesFor(user.role).map(({ href, label }) => ({ href, label }));
  const palette = pagesFor(user.role).map(({ href, label, keywords, action }) => ({
    kind: action ? ('action' as const) : ('page' as const),
    href,
    label,
    keywords,
  }));
  return (
    <FormatProvider {...await getFormatInput()}>
      <SkipLink />
      <div className="min-h-screen">
        <header className="border-b border-border bg-card">
          <div className="relative mx-auto flex max-w-7xl items-center gap-3 px-4 py-3 md:px-6 lg:gap-6">
            <Link href="/" className="shrink-0 rounded-md font-semibold">
              Cluster Console
            </Link>
            {!locked && <ConsoleNav items={nav} />}
            <div className="ml-auto flex min-w-0 items-center gap-3 text-sm">
              <Link
                href="/account"
                data-testid="current-user"
                title="Your account and password"
                className="min-w-0 truncate text-secondary-foreground hover:text-foreground hover:underline"
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
        <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 outline-none md:px-6">
          {children}
        </main>
      </div>
      {!locked && <ConsolePalette pages={palette} />}
    </FormatProvider>
  );
}
