'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';

import { ConfirmStep } from '~/components/confirm-step';
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
    <ConfirmStep
      error={remove.error}
      pending={remove.isPending}
      confirmLabel="Remove node"
      pendingLabel="Removing…"
      onCancel={onCancel}
      onConfirm={() => remove.mutate({ id: node.id })}
    >
      Remove node <strong className="font-semibold">{node.name}</strong> from the console? The node itself keeps
      running.
    </ConfirmStep>
  );
}
