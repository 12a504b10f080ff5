import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';

import { ThemeHeadScript, ThemeProvider, Toaster, TooltipProvider } from '@cc/ui';

import { TRPCReactProvider } from '~/trpc/react';

import './globals.css';

// Every page carries a per-request CSP nonce (src/proxy.ts), so none may be prerendered.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Cluster Console', template: '%s · Cluster Console' },
  description: 'Single Service Image for a mail and groupware server cluster',
  // Served from the repository's top-level public/ (apps/console/public links to it).
  icons: { icon: { url: '/favicon.svg', type: 'image/svg+xml' } },
  robots: { index: false, follow: false },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The theme's no-flash script is inline: it runs under the page's CSP only with the nonce (src/proxy.ts).
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    // next-themes sets the theme class on <html> before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeHeadScript nonce={nonce} />
      </head>
      <body className="min-h-screen font-sans">
        <ThemeProvider nonce={nonce}>
          <TooltipProvider delayDuration={300}>
            <TRPCReactProvider>{children}</TRPCReactProvider>
            <Toaster />
          </TooltipProvider>
        </ThemeProvider>
      </body>
    </html>
  );
}
