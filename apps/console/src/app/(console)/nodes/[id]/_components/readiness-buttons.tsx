'use client';

import { useState } from 'react';

import type { NodeDetail } from '~/components/api-types';
import { ReadinessDialog, type ReadinessTarget } from '~/components/readiness-dialog';

/** Make Ready / Make Non-Ready for one node; the dialog states the consequences before anything happens. */
export function ReadinessButtons({ node, onDone }: { node: NodeDetail; onDone: (message: string) => void }) {
  const [target, setTarget] = useState<ReadinessTarget | null>(null);
  const open = (ready: boolean) => setTarget({ ready, nodes: [{ id: node.id, name: node.name }] });
  // The node's mail server cannot do it: shown greyed out with the node's reason.
  const unsupported = node.unsupported.find((u) => u.feature === 'readiness');
  if (unsupported) {
    return (
      <span data-testid="readiness-unsupported" className="flex items-center gap-2">
        <button
          type="button"
          disabled
          title={unsupported.reason}
          className="cursor-not-allowed rounded border border-border bg-muted/60 px-3 py-1.5 text-sm font-medium text-muted-foreground"
        >
          {node.state === 'ready' ? 'Make Non-Ready' : 'Make Ready'}
        </button>
        <span className="max-w-xs text-xs text-muted-foreground">Not supported: {unsupported.reason}</span>
      </span>
    );
  }
  // Down and Unknown nodes offer neither: the console cannot tell what the node would do.
  const action =
    node.state === 'ready'
      ? false
      : node.state === 'non-ready' || node.state === 'draining' || node.state === 'drained'
        ? true
        : null;
  return (
    <>
      {action === false && (
        <button
          type="button"
          onClick={() => open(false)}
          className="rounded border border-warning-border bg-card px-3 py-1.5 text-sm font-medium text-warning-strong shadow-xs hover:bg-warning-soft"
        >
          Make Non-Ready
        </button>
      )}
      {action === true && (
        <button
          type="button"
          onClick={() => open(true)}
          className="rounded bg-primary px-3 py-1.5 text-sm font-medium text-primary-foreground shadow-xs hover:bg-primary/90"
        >
          Make Ready
        </button>
      )}
      {/* Stays mounted while the node's state moves underneath an open dialog. */}
      <ReadinessDialog
        target={target}
        onClose={() => setTarget(null)}
        onDone={(message) => {
          setTarget(null);
          onDone(message);
        }}
      />
    </>
  );
}
