import Link from 'next/link';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';

import { can, ROLE_LABELS } from '@cc/permissions';

import { SignOutButton } from '~/components/sign-out-button';
import { getSessionUser } from '~/server/session';

export const dynamic = 'force-dynamic';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  if (!user) redirect('/sign-in');
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl items-center gap-6 px-6 py-3">
          <Link href="/nodes" className="font-semibold">
            Cluster Console
          </Link>
          <nav className="flex gap-4 text-sm">
            {can(user.role, 'cluster:read') && (
              <>
                <Link href="/nodes" className="text-slate-600 hover:text-slate-900">
                  Nodes
                </Link>
                <Link href="/ports" className="text-slate-600 hover:text-slate-900">
                  Ports
                </Link>
                <Link href="/sizing" className="text-slate-600 hover:text-slate-900">
                  Sizing
                </Link>
              </>
            )}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span data-testid="current-user" className="text-slate-600">
              {user.email} · {ROLE_LABELS[user.role]}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-6 py-6">{children}</main>
    </div>
  );
}
