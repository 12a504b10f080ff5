'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import type { UpgradeRunView } from '~/components/api-types';
import { buttonClass, ErrorPanel } from '~/components/panel';
import { useTRPC } from '~/trpc/react';

/** Pause, resume, abort, roll back: each shows only when the run's state allows it. */
export function RunControls({ run }: { run: UpgradeRunView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirmAbort, setConfirmAbort] = useState(false);
  const options = { onSuccess: () => queryClient.invalidateQueries(trpc.upgrades.pathFilter()) };
  const pause = useMutation(trpc.upgrades.pause.mutationOptions(options));
  const resume = useMutation(trpc.upgrades.resume.mutationOptions(options));
  const abort = useMutation(trpc.upgrades.abort.mutationOptions(options));
  const rollback = useMutation(trpc.upgrades.rollback.mutationOptions(options));
  const error = pause.error ?? resume.error ?? abort.error ?? rollback.error;
  const busy = pause.isPending || resume.isPending || abort.isPending || rollback.isPending;
  const { state, request } = run;
  const input = { id: run.id };

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {state === 'running' && request === null && (
          <button type="button" className={buttonClass.secondary} disabled={busy} onClick={() => pause.mutate(input)}>
            Pause
          </button>
        )}
        {((state === 'paused' && request === null) || (state === 'running' && request === 'pause')) && (
          <button type="button" className={buttonClass.primary} disabled={busy} onClick={() => resume.mutate(input)}>
            {state === 'paused' ? 'Resume' : 'Cancel pause'}
          </button>
        )}
        {run.rollbackNode && (
          <button
            type="button"
            className={buttonClass.dangerOutline}
            disabled={busy}
            onClick={() => rollback.mutate(input)}
          >
            Roll back {run.rollbackNode}
          </button>
        )}
        {(state === 'paused' ||
          state === 'failed' ||
          (state === 'running' && request !== 'abort' && request !== 'rollback')) &&
          request !== 'rollback' &&
          (confirmAbort ? (
            <span className="flex items-center gap-2 text-sm">
              {state === 'failed' ? 'Close this failed run?' : 'Abort? The current node is finished or put back Ready.'}
              <button
                type="button"
                className={buttonClass.danger}
                disabled={busy}
                onClick={() => abort.mutate(input, { onSettled: () => setConfirmAbort(false) })}
              >
                {state === 'failed' ? 'Close run' : 'Abort run'}
              </button>
              <button type="button" className={buttonClass.quiet} onClick={() => setConfirmAbort(false)}>
                Cancel
              </button>
            </span>
          ) : (
            <button type="button" className={buttonClass.dangerOutline} onClick={() => setConfirmAbort(true)}>
              {state === 'failed' ? 'Close run' : 'Abort'}
            </button>
          ))}
      </div>
      {error && <ErrorPanel testId="control-error">{error.message}</ErrorPanel>}
    </div>
  );
}
