'use client';

import type { ReactNode } from 'react';

import { Button } from '@cc/ui';

import { summaryOf, type FormErrorLike } from './form-errors';

/**
 * The body of a destructive confirmation: what will happen, the server's error if the attempt
 * failed, and Cancel (focused, the safe choice) beside the red confirm button.
 */
export function ConfirmStep({
  children,
  error,
  pending,
  confirmLabel,
  pendingLabel = confirmLabel,
  onCancel,
  onConfirm,
}: {
  children: ReactNode;
  error: FormErrorLike | null;
  pending: boolean;
  confirmLabel: string;
  pendingLabel?: string;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  return (
    <div className="space-y-4 text-sm">
      <p className="text-secondary-foreground">{children}</p>
      {error && (
        <p role="alert" className="rounded border border-danger-border bg-danger-soft px-3 py-2 text-danger-strong">
          {summaryOf(error, [])}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" autoFocus onClick={onCancel}>
          Cancel
        </Button>
        <Button variant="danger" disabled={pending} aria-busy={pending} onClick={onConfirm}>
          {pending ? pendingLabel : confirmLabel}
        </Button>
      </div>
    </div>
  );
}
