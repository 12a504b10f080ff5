'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';

import { plural } from '@cc/ui';

import type { NodeRow } from '~/components/api-types';
import { ConfirmStep } from '~/components/confirm-step';
import { Modal } from '~/components/modal';
import { useTRPC } from '~/trpc/react';

type RemovableNode = Pick<NodeRow, 'id' | 'name' | 'role' | 'clusterRole' | 'state'> & {
  sessions: Pick<NodeRow['sessions'], 'total'>;
};

/** "Backend · Controller": the node's part in the cluster, as the operator must weigh it. */
export function nodeRoleLabel(node: Pick<RemovableNode, 'role' | 'clusterRole'>): string {
  const base = node.role === 'BACKEND' ? 'Backend' : 'Frontend';
  return node.clusterRole === 'controller'
    ? `${base} · Controller`
    : node.clusterRole === 'backup'
      ? `${base} · Backup`
      : base;
}

/** What removing this node would cost, most serious first. */
export function removeWarnings(node: RemovableNode): string[] {
  const warnings: string[] = [];
  if (node.clusterRole === 'controller')
    warnings.push(
      'It is the Controller: the console stops watching the node that coordinates the cluster. Move the role to another backend first if you are retiring it.',
    );
  if (node.clusterRole === 'backup')
    warnings.push('It is the Backup: the console stops watching the node that takes over if the Controller fails.');
  const open = node.sessions.total;
  if (open > 0)
    warnings.push(
      `${open} ${plural(open, 'session')} ${open === 1 ? 'is' : 'are'} open on it: they go on, but the console can no longer see or end them. Make it Non-Ready and let it drain first if you are retiring it.`,
    );
  return warnings;
}

/** Confirm step for removing a node from the console's inventory (the node itself is untouched). */
export function RemoveNodeDialog({
  node,
  onClose,
  onRemoved,
}: {
  node: RemovableNode | null;
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
  node: RemovableNode;
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

  const warnings = removeWarnings(node);
  return (
    <div className="space-y-3">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm" data-testid="remove-node-facts">
        <dt className="text-muted-foreground">Role</dt>
        <dd data-testid="remove-node-role">{nodeRoleLabel(node)}</dd>
        <dt className="text-muted-foreground">Open sessions</dt>
        <dd data-testid="remove-node-sessions">{node.sessions.total}</dd>
      </dl>
      {warnings.length > 0 && (
        <ul
          role="alert"
          className="space-y-1 rounded border border-warning-border bg-warning-soft px-3 py-2 text-sm text-warning-strong"
        >
          {warnings.map((w) => (
            <li key={w} data-testid="remove-node-warning">
              {w}
            </li>
          ))}
        </ul>
      )}
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
    </div>
  );
}
