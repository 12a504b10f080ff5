'use client';

import { useState } from 'react';

/**
 * Backup codes, shown once: the server keeps them only encrypted and never shows them again. Each code
 * signs in once in place of the authenticator app.
 */
export function BackupCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }
  return (
    <div
      data-testid="backup-codes"
      className="rounded border border-warning-border bg-warning-soft px-3 py-2.5 text-sm text-warning-strong"
    >
      <p className="font-medium">Your backup codes</p>
      <p className="mt-0.5 text-xs text-warning-strong">
        Store them now somewhere safe, away from your phone (a password manager, or printed). If you lose your
        authenticator app, each code signs you in once. They are shown only this once.
      </p>
      <ol className="mt-2 grid grid-cols-2 gap-x-6 gap-y-1 font-mono text-sm sm:grid-cols-5">
        {codes.map((c) => (
          <li key={c} data-testid="backup-code" className="select-all">
            {c}
          </li>
        ))}
      </ol>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <button
          type="button"
          onClick={() => void copy()}
          className="rounded border border-warning-border bg-card px-2.5 py-1 text-xs font-medium text-warning-strong hover:bg-warning-soft"
        >
          {copied === 'yes' ? 'Copied' : 'Copy all'}
        </button>
        <button
          type="button"
          onClick={onDone}
          className="rounded bg-warning px-2.5 py-1 text-xs font-medium text-warning-foreground hover:bg-warning"
        >
          I have stored them
        </button>
      </div>
      {copied === 'failed' && (
        <p role="alert" className="mt-1 text-xs text-danger-strong">
          The browser refused clipboard access; select the codes and copy them by hand.
        </p>
      )}
    </div>
  );
}
