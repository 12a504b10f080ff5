import type { Metadata } from 'next';
import type { ReactNode } from 'react';

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

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
