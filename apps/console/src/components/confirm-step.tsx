'use client';

import type { ReactNode } from 'react';

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
      <p className="text-slate-700">{children}</p>
      {error && (
        <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-red-800">
          {summaryOf(error, [])}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <button
          type="button"
          autoFocus
          onClick={onCancel}
          className="rounded px-3 py-1.5 text-slate-600 hover:bg-slate-100"
        >
          Cancel
        </button>
        <button
          type="button"
          disabled={pending}
          aria-busy={pending}
          onClick={onConfirm}
          className="rounded bg-red-600 px-3 py-1.5 font-medium text-white hover:bg-red-700 disabled:opacity-60"
        >
          {pending ? pendingLabel : confirmLabel}
        </button>
      </div>
    </div>
  );
}
