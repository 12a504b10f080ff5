'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import type { NodeDetail } from '~/components/api-types';
import { ConfirmStep } from '~/components/confirm-step';
import { Modal } from '~/components/modal';
import { DrainProgress } from '~/components/node-state-badge';
import { useNow } from '~/components/relative-time';
import { useTRPC } from '~/trpc/react';
import { useFormat } from '@cc/ui';

function sessions(n: number): string {
  return `${n} ${n === 1 ? 'session' : 'sessions'}`;
}

/** Where a withdrawn node stands: drain progress, its deadline, and "safe to shut down" at the end. */
export function DrainStatus({
  node,
  canControl,
  onNotice,
}: {
  node: NodeDetail;
  canControl: boolean;
  onNotice: (message: string) => void;
}) {
  if (node.state === 'drained') {
    return (
      <div
        data-testid="drain-status"
        data-state="drained"
        role="status"
        className="rounded-md border border-info-border bg-info-soft px-4 py-2.5 text-sm font-medium text-info-strong"
      >
        Drained — safe to shut down
      </div>
    );
  }
  if (node.state !== 'draining') return null;
  const remaining = node.drain?.remaining ?? node.sessions.total;
  return (
    <div
      data-testid="drain-status"
      data-state="draining"
      className="space-y-2 rounded-md border border-warning-border bg-warning-soft px-4 py-2.5 text-sm text-warning-strong"
    >
      <div className="flex flex-wrap items-center gap-3">
        <span>
          <strong className="font-semibold">Draining</strong> —{' '}
          {node.drain
            ? `${node.drain.remaining} of ${sessions(node.drain.atStart)} remain`
            : `${sessions(remaining)} remain`}
        </span>
        {node.drain && <DrainProgress drain={node.drain} />}
      </div>
      {node.drainDeadline ? (
        <DrainDeadline
          node={node}
          deadline={new Date(node.drainDeadline)}
          remaining={remaining}
          canControl={canControl}
          onNotice={onNotice}
        />
      ) : (
        // No deadline: the node waits for every session to end by itself, unless the operator steps in.
        <div data-testid="drain-no-deadline" className="flex flex-wrap items-center gap-3 text-xs text-warning-strong">
          <span>No drain deadline: the node waits for its sessions to end.</span>
          {remaining > 0 && (
            <EndSessionsAction
              node={node}
              remaining={remaining}
              canControl={canControl}
              onNotice={onNotice}
              label="End remaining sessions now"
            />
          )}
        </div>
      )}
    </div>
  );
}

function DrainDeadline({
  node,
  deadline,
  remaining,
  canControl,
  onNotice,
}: {
  node: NodeDetail;
  deadline: Date;
  remaining: number;
  canControl: boolean;
  onNotice: (message: string) => void;
}) {
  const fmt = useFormat();
  const now = useNow();
  // 0 = clock not read yet: never claim a deadline passed before knowing the time.
  const passed = now !== 0 && deadline.getTime() <= now;
  if (!passed) {
    return (
      <p className="text-xs text-warning-strong">
        Drain deadline {fmt.dateTime(deadline)}
        {now !== 0 && ` (in ${fmt.duration(deadline.getTime() - now)})`}; after it, the remaining sessions can be ended.
      </p>
    );
  }
  return (
    <div
      data-testid="drain-deadline-passed"
      className="flex flex-wrap items-center gap-3 rounded border border-danger-border bg-card px-3 py-2 text-danger-strong"
    >
      <span className="font-medium">
        Drain deadline passed — {sessions(remaining)} {remaining === 1 ? 'remains' : 'remain'}
      </span>
      <EndSessionsAction
        node={node}
        remaining={remaining}
        canControl={canControl}
        onNotice={onNotice}
        label="End remaining sessions"
      />
    </div>
  );
}

/** The button that ends a draining node's sessions now (after a confirmation), or why it cannot. */
function EndSessionsAction({
  node,
  remaining,
  canControl,
  onNotice,
  label,
}: {
  node: NodeDetail;
  remaining: number;
  canControl: boolean;
  onNotice: (message: string) => void;
  label: string;
}) {
  const [confirming, setConfirming] = useState(false);
  if (!canControl) return null;
  const endUnsupported = node.unsupported.find((u) => u.feature === 'end-sessions');
  if (endUnsupported)
    return (
      <button
        type="button"
        disabled
        title={endUnsupported.reason}
        className="ml-auto cursor-not-allowed rounded bg-muted px-3 py-1 text-sm font-medium text-muted-foreground"
      >
        {label} — not supported: {endUnsupported.reason}
      </button>
    );
  return (
    <>
      <button
        type="button"
        onClick={() => setConfirming(true)}
        className="ml-auto rounded bg-danger px-3 py-1 text-sm font-medium text-danger-foreground hover:bg-danger/90"
      >
        {label}
      </button>
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`End remaining sessions: ${node.name}`}
        width="max-w-md"
      >
        <EndSessionsConfirm
          node={node}
          remaining={remaining}
          onCancel={() => setConfirming(false)}
          onEnded={(ended) => {
            setConfirming(false);
            onNotice(`Ended ${sessions(ended)} on ${node.name}.`);
          }}
        />
      </Modal>
    </>
  );
}

function EndSessionsConfirm({
  node,
  remaining,
  onCancel,
  onEnded,
}: {
  node: NodeDetail;
  remaining: number;
  onCancel: () => void;
  onEnded: (ended: number) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const end = useMutation(
    trpc.nodes.endSessions.mutationOptions({
      onSuccess: async ({ ended }) => {
        await Promise.all([
          queryClient.invalidateQueries(trpc.nodes.get.queryFilter({ id: node.id })),
          queryClient.invalidateQueries(trpc.nodes.list.pathFilter()),
          queryClient.invalidateQueries(trpc.cluster.overview.pathFilter()),
        ]);
        onEnded(ended);
      },
    }),
  );
  return (
    <ConfirmStep
      error={end.error}
      pending={end.isPending}
      confirmLabel="End remaining sessions"
      onCancel={onCancel}
      onConfirm={() => end.mutate({ id: node.id })}
    >
      End the {sessions(remaining)} still open on <strong className="font-semibold">{node.name}</strong> now? Their
      users are disconnected; their mail clients reconnect to a Ready backend.
    </ConfirmStep>
  );
}
