'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { ErrorSummary, Field, fieldErrorsOf, inputClass } from '~/components/form-errors';
import { Modal } from '~/components/modal';
import { useTRPC } from '~/trpc/react';

interface FindingRef {
  id: string;
  summary: string;
  silenced: boolean;
}

/** Acknowledge, silence (for a while, with a reason) and unsilence: Can Control Cluster only. */
export function FindingActions({ finding }: { finding: FindingRef }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<'ack' | 'silence' | null>(null);
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState(60);
  const done = () => {
    setDialog(null);
    setReason('');
    void queryClient.invalidateQueries({ queryKey: trpc.health.findings.queryKey() });
  };
  const ack = useMutation(trpc.health.acknowledge.mutationOptions({ onSuccess: done }));
  const silence = useMutation(trpc.health.silence.mutationOptions({ onSuccess: done }));
  const unsilence = useMutation(trpc.health.unsilence.mutationOptions({ onSuccess: done }));
  const pending = dialog === 'ack' ? ack : silence;
  const errors = fieldErrorsOf(pending.error);
  const button = 'rounded border border-input bg-card px-2 py-1 text-xs hover:bg-muted/60';

  return (
    <>
      <button type="button" className={button} onClick={() => setDialog('ack')}>
        Acknowledge
      </button>
      {finding.silenced ? (
        <button type="button" className={button} onClick={() => unsilence.mutate({ id: finding.id })}>
          Unsilence
        </button>
      ) : (
        <button type="button" className={button} onClick={() => setDialog('silence')}>
          Silence
        </button>
      )}
      <Modal
        open={dialog !== null}
        onClose={() => setDialog(null)}
        title={dialog === 'ack' ? `Acknowledge: ${finding.summary}` : `Silence: ${finding.summary}`}
      >
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (dialog === 'ack') ack.mutate({ id: finding.id, reason });
            else silence.mutate({ id: finding.id, reason, minutes });
          }}
        >
          {dialog === 'silence' && (
            <Field id="silence-minutes" name="minutes" label="Silence for (minutes)" errors={errors.minutes}>
              <input
                id="silence-minutes"
                type="number"
                min={1}
                className={inputClass}
                value={minutes}
                onChange={(e) => setMinutes(Number(e.target.value))}
              />
            </Field>
          )}
          <Field id="finding-reason" name="reason" label="Reason" errors={errors.reason}>
            <textarea
              id="finding-reason"
              className={inputClass}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              required
            />
          </Field>
          <ErrorSummary error={pending.error} fields={['reason', 'minutes']} />
          <div className="flex justify-end gap-2">
            <button type="button" className={button} onClick={() => setDialog(null)}>
              Cancel
            </button>
            <button
              type="submit"
              disabled={pending.isPending}
              className="rounded bg-primary px-3 py-1.5 text-sm font-medium text-primary-foreground hover:bg-primary/90 disabled:opacity-60"
            >
              {dialog === 'ack' ? 'Acknowledge' : 'Silence'}
            </button>
          </div>
        </form>
      </Modal>
    </>
  );
}
