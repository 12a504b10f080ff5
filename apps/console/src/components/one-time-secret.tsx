'use client';

import { useState, type ReactNode } from 'react';

import { Button } from '@cc/ui';

/**
 * A generated password, shown once: the server keeps only its hash, and the caller discards it when
 * the dialog closes. Copy puts it on the clipboard; where that is refused, the text is selectable.
 */
export function OneTimeSecret({ label, secret }: { label: string; secret: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }
  return (
    <div className="rounded border border-warning-border bg-warning-soft px-3 py-2.5 text-sm text-warning-strong">
      <p className="font-medium">{label}</p>
      <p className="mt-0.5 text-xs text-warning-strong">
        It is shown only this once and cannot be displayed again. Copy it now and hand it over securely.
      </p>
      <div className="mt-2 flex items-center gap-2">
        <code
          data-testid="generated-password"
          className="min-w-0 flex-1 select-all break-all rounded border border-warning-border bg-card px-2 py-1 font-mono text-sm"
        >
          {secret}
        </code>
        <button
          type="button"
          onClick={() => void copy()}
          className="rounded border border-warning-border bg-card px-2.5 py-1 text-xs font-medium text-warning-strong hover:bg-warning-soft"
        >
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </button>
      </div>
      {copied === 'failed' && (
        <p role="alert" className="mt-1 text-xs text-danger-strong">
          The browser refused clipboard access; select the password and copy it by hand.
        </p>
      )}
    </div>
  );
}

/** A dialog's last step after a generated password: what happened, the secret once, and Done. */
export function SecretShown({
  testId,
  label,
  secret,
  onDone,
  actions,
  children,
}: {
  testId: string;
  label: string;
  secret: string;
  onDone: () => void;
  /** Buttons or links left of Done. */
  actions?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div className="space-y-4 text-sm" data-testid={testId}>
      {children && <p>{children}</p>}
      <OneTimeSecret label={label} secret={secret} />
      <div className="flex justify-end gap-2 border-t border-border pt-4">
        {actions}
        <Button variant="primary" onClick={onDone} autoFocus>
          Done
        </Button>
      </div>
    </div>
  );
}
