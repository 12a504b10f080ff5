'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';

import { useTRPC } from '~/trpc/react';

import type { SetReadinessResult } from './api-types';
import { Field, fieldErrorsOf, inputClass, summaryOf } from './form-errors';
import { Modal } from './modal';
import { formatNames, ReadinessPreviewPanel } from './readiness-preview';

export interface ReadinessTarget {
  ready: boolean;
  /** Snapshot taken when the dialog opened: live updates must not change what is being confirmed. */
  nodes: ReadonlyArray<{ id: string; name: string }>;
}

const FIELDS = ['reason', 'drainDeadlineMinutes'] as const;
/** Keeps the consequences current while the operator reads them (sessions move every second). */
const PREVIEW_REFRESH_MS = 2000;
const MIN_REASON = 3;

export function readinessLabel(ready: boolean): string {
  return ready ? 'Make Ready' : 'Make Non-Ready';
}

/** Confirmation for Make Ready / Make Non-Ready of one or more nodes (detail page and bulk bar). */
export function ReadinessDialog({
  target,
  onClose,
  onDone,
}: {
  target: ReadinessTarget | null;
  onClose: () => void;
  /** Called only when every node accepted the change. */
  onDone: (message: string) => void;
}) {
  const title = target ? `${readinessLabel(target.ready)}: ${formatNames(target.nodes.map((n) => n.name))}` : '';
  return (
    <Modal open={target !== null} onClose={onClose} title={title}>
      {/* Mounted only while open: a reopened dialog starts with a fresh preview and empty fields. */}
      {target && <ReadinessForm target={target} onCancel={onClose} onDone={onDone} />}
    </Modal>
  );
}

function ReadinessForm({
  target,
  onCancel,
  onDone,
}: {
  target: ReadinessTarget;
  onCancel: () => void;
  onDone: (message: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const ids = target.nodes.map((n) => n.id);
  const label = readinessLabel(target.ready);
  const [reason, setReason] = useState('');
  const [deadline, setDeadline] = useState('');
  const [failures, setFailures] = useState<Extract<SetReadinessResult['results'][number], { ok: false }>[]>([]);

  const mutation = useMutation(
    trpc.nodes.setReadiness.mutationOptions({
      onSuccess: async (result) => {
        // Some nodes may have changed even when others failed: refresh whatever shows them.
        await Promise.all([
          queryClient.invalidateQueries(trpc.nodes.list.pathFilter()),
          queryClient.invalidateQueries(trpc.nodes.get.pathFilter()),
          queryClient.invalidateQueries(trpc.cluster.overview.pathFilter()),
        ]);
        const failed = result.results.filter((r) => !r.ok);
        setFailures(failed);
        if (failed.length === 0) {
          onDone(`Made ${formatNames(result.results.map((r) => r.name))} ${target.ready ? 'Ready' : 'Non-Ready'}.`);
        }
      },
      // A refusal (e.g. an override became necessary) means the cluster moved: show its current view.
      onError: () => void queryClient.invalidateQueries(trpc.nodes.readinessPreview.pathFilter()),
    }),
  );
  const submitted = mutation.isPending || mutation.isSuccess;
  const preview = useQuery(
    trpc.nodes.readinessPreview.queryOptions(
      { ids, ready: target.ready },
      { refetchInterval: submitted ? false : PREVIEW_REFRESH_MS, staleTime: 0 },
    ),
  );

  const fieldErrors = fieldErrorsOf(mutation.error);
  // The server can ask for a reason the last preview did not (the cluster changed in between).
  const needsReason = Boolean(preview.data?.needsOverride || fieldErrors.reason);
  const reasonOk = !needsReason || reason.trim().length >= MIN_REASON;
  const canConfirm = Boolean(preview.data) && reasonOk && !mutation.isPending;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!canConfirm) return;
    setFailures([]);
    mutation.mutate({
      ids,
      ready: target.ready,
      reason: needsReason ? reason.trim() : undefined,
      drainDeadlineMinutes: !target.ready && deadline.trim() !== '' ? Number(deadline) : undefined,
    });
  }

  const invalid = (f: (typeof FIELDS)[number]) =>
    fieldErrors[f] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${f}-error` } : {};

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {preview.data ? (
        <ReadinessPreviewPanel preview={preview.data} />
      ) : preview.error ? (
        <p
          role="alert"
          className="rounded border border-danger-border bg-danger-soft px-3 py-2 text-sm text-danger-strong"
        >
          Could not check what this would do: {preview.error.message}
        </p>
      ) : (
        <p className="text-sm text-muted-foreground">Checking what this would do…</p>
      )}

      {needsReason && (
        <Field
          id={`${id}-reason`}
          name="reason"
          label="Reason for override"
          errors={fieldErrors.reason}
          hint="Recorded in the audit log. At least 3 characters."
        >
          <textarea
            id={`${id}-reason`}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
            minLength={MIN_REASON}
            maxLength={500}
            rows={2}
            className={inputClass}
            {...invalid('reason')}
          />
        </Field>
      )}

      {!target.ready && (
        <Field
          id={`${id}-drainDeadlineMinutes`}
          name="drainDeadlineMinutes"
          label="Drain deadline (minutes)"
          errors={fieldErrors.drainDeadlineMinutes}
          hint="Optional. After this, the remaining sessions may be ended from the node's page."
        >
          <input
            id={`${id}-drainDeadlineMinutes`}
            type="number"
            inputMode="numeric"
            min={1}
            max={7 * 24 * 60}
            step={1}
            value={deadline}
            onChange={(e) => setDeadline(e.target.value)}
            className={`${inputClass} max-w-40`}
            {...invalid('drainDeadlineMinutes')}
          />
        </Field>
      )}

      {mutation.error && (
        <p
          role="alert"
          className="rounded border border-danger-border bg-danger-soft px-3 py-2 text-sm text-danger-strong"
        >
          {summaryOf(mutation.error, FIELDS)}
        </p>
      )}
      {failures.length > 0 && (
        <div
          role="alert"
          className="rounded border border-danger-border bg-danger-soft px-3 py-2 text-sm text-danger-strong"
        >
          <p className="font-semibold">
            {failures.length} of {target.nodes.length} nodes did not change:
          </p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {failures.map((f) => (
              <li key={f.id} data-testid="readiness-failure" data-node-name={f.name}>
                <strong className="font-medium">{f.name}</strong>: {f.error}
              </li>
            ))}
          </ul>
        </div>
      )}

      <div className="flex justify-end gap-2 border-t border-border pt-4">
        {/* Focus starts on the safe choice. */}
        <button
          type="button"
          autoFocus
          onClick={onCancel}
          className="rounded px-3 py-1.5 text-sm text-secondary-foreground hover:bg-muted"
        >
          {failures.length > 0 ? 'Close' : 'Cancel'}
        </button>
        <button
          type="submit"
          disabled={!canConfirm}
          aria-busy={mutation.isPending}
          className={`rounded px-3 py-1.5 text-sm font-medium text-primary-foreground disabled:opacity-60 ${target.ready ? 'bg-primary hover:bg-primary/90' : 'bg-warning hover:bg-warning'}`}
        >
          {label}
        </button>
      </div>
    </form>
  );
}
