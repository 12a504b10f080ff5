'use client';

import type { Change } from './flash';
import { Notice } from './notice';
import { PropagationStatus } from './propagation-status';

/** The last change made on a page: its message as a toast, and how far it has reached the nodes. */
export function ChangeNotice({ change, onDismiss }: { change: Change | null; onDismiss: () => void }) {
  if (!change) return null;
  return (
    <>
      <Notice onDismiss={onDismiss}>{change.message}</Notice>
      {change.revision !== undefined && <PropagationStatus revision={change.revision} />}
    </>
  );
}
