'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { ZSilence } from '@cc/schemas';
import { applyServerErrors, Form, FormActions, FormField, useZodForm, type FormErrorLike } from '@cc/ui';

import { Modal } from '~/components/modal';
import { useTRPC } from '~/trpc/react';

interface FindingRef {
  id: string;
  summary: string;
  silenced: boolean;
}

const button = 'rounded border border-input bg-card px-2 py-1 text-xs hover:bg-muted/60';

/** Acknowledge, silence (for a while, with a reason) and unsilence: Can Control Cluster only. */
export function FindingActions({ finding }: { finding: FindingRef }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<'ack' | 'silence' | null>(null);
  const done = () => {
    setDialog(null);
    void queryClient.invalidateQueries({ queryKey: trpc.health.findings.queryKey() });
  };
  const unsilence = useMutation(trpc.health.unsilence.mutationOptions({ onSuccess: done }));

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
        {/* Mounted only while open: a reopened dialog starts with an empty reason. */}
        {dialog && (
          <ReasonForm id={finding.id} silence={dialog === 'silence'} onDone={done} onCancel={() => setDialog(null)} />
        )}
      </Modal>
    </>
  );
}

/** health.acknowledge / health.silence, on their own schemas (a reason; for silence, the minutes). */
function ReasonForm({
  id,
  silence,
  onDone,
  onCancel,
}: {
  id: string;
  silence: boolean;
  onDone: () => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  // health.silence's input is health.acknowledge's plus the minutes (left at their default for an acknowledgement).
  const form = useZodForm(ZSilence, { id, reason: '', minutes: 60 });
  const onError = (error: FormErrorLike) => applyServerErrors(form, error);
  const ack = useMutation(trpc.health.acknowledge.mutationOptions({ onSuccess: onDone, onError }));
  const mute = useMutation(trpc.health.silence.mutationOptions({ onSuccess: onDone, onError }));
  return (
    <Form
      form={form}
      className="space-y-3"
      onSubmit={(values) => {
        if (silence) mute.mutate(values);
        else ack.mutate({ id, reason: values.reason });
      }}
    >
      {silence && (
        <FormField name="minutes" label="Silence for (minutes)" type="number" min={1} rules={{ valueAsNumber: true }} />
      )}
      <FormField name="reason" label="Reason">
        {(control) => <textarea {...control} />}
      </FormField>
      <FormActions
        submitLabel={silence ? 'Silence' : 'Acknowledge'}
        pending={ack.isPending || mute.isPending}
        onCancel={onCancel}
        bordered={false}
      />
    </Form>
  );
}
