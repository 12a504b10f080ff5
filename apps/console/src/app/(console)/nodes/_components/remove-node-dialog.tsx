'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';

import { summaryOf } from '~/components/form-errors';
import { Modal } from '~/components/modal';
import { useTRPC } from '~/trpc/react';

/** Confirm step for removing a node from the console's inventory (the node itself is untouched). */
export function RemoveNodeDialog({
  node,
  onClose,
  onRemoved,
}: {
  node: { id: string; name: string } | null;
  onClose: () => void;
  onRemoved: (name: string) => void;
}) {
  return (
    <Modal open={node !== null} onClose={onClose} title="Remove node" width="max-w-md">
      {node && <RemoveNodeConfirm node={node} onCancel={onClose} onRemoved={onRemoved} />}
    </Modal>
  );
}

function RemoveNodeConfirm({
  node,
  onCancel,
  onRemoved,
}: {
  node: { id: string; name: string };
  onCancel: () => void;
  onRemoved: (name: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.nodes.remove.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries(trpc.nodes.list.pathFilter()),
          queryClient.invalidateQueries(trpc.cluster.overview.pathFilter()),
        ]);
        queryClient.removeQueries(trpc.nodes.get.queryFilter({ id: node.id }));
        onRemoved(node.name);
      },
    }),
  );

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        Remove node <strong className="font-semibold">{node.name}</strong> from the console? The node itself keeps
        running.
      </p>
      {remove.error && (
        <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {summaryOf(remove.error, [])}
        </p>
      )}
      <div className="flex justify-end gap-2">
        {/* Focus starts on the safe choice. */}
        <button
          type="button"
          autoFocus
          onClick={onCancel}
          className="rounded px-3 py-1.5 text-sm text-slate-600 hover:bg-slate-100"
        >
          Cancel
        </button>
        <button
          type="button"
          disabled={remove.isPending}
          onClick={() => remove.mutate({ id: node.id })}
          className="rounded bg-red-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-60"
        >
          {remove.isPending ? 'Removing…' : 'Remove node'}
        </button>
      </div>
    </div>
  );
}
