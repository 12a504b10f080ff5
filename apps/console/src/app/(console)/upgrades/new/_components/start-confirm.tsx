'use client';

import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  plural,
} from '@cc/ui';

import type { PlanNodeView } from '~/components/api-types';
import { summaryOf, type FormErrorLike } from '~/components/form-errors';

const nodes = (n: number) => `${n} ${plural(n, 'node')}`;
const sessions = (n: number) => `${n} ${plural(n, 'open session')}`;

export interface StartPlan {
  version: string;
  order: PlanNodeView[];
  drainDeadlineSeconds: number;
  deadlineAction: 'wait' | 'end-sessions';
  pauseAfterEachNode: boolean;
}

/** The versions the nodes run now, with how many run each: "1.0.0 (3 nodes), 1.1.0 (1 node)". */
export function fromVersions(order: readonly PlanNodeView[]): string {
  const counts = new Map<string, number>();
  for (const n of order) counts.set(n.version ?? 'unknown', (counts.get(n.version ?? 'unknown') ?? 0) + 1);
  return [...counts].map(([v, c]) => `${v} (${nodes(c)})`).join(', ');
}

/**
 * The last step before a rolling upgrade starts: it withdraws nodes from service one after another,
 * so say exactly which, in what order, and how many sessions will have to drain.
 */
export function StartConfirm({
  plan,
  open,
  pending,
  error,
  onCancel,
  onConfirm,
}: {
  plan: StartPlan;
  open: boolean;
  pending: boolean;
  error: FormErrorLike | null;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const total = plan.order.reduce((sum, n) => sum + n.sessions, 0);
  return (
    <AlertDialog open={open} onOpenChange={(o) => !o && onCancel()}>
      <AlertDialogContent data-testid="start-confirm">
        <AlertDialogHeader>
          <AlertDialogTitle>Start the upgrade to {plan.version}?</AlertDialogTitle>
          <AlertDialogDescription>
            {nodes(plan.order.length)} go from {fromVersions(plan.order)} to <strong>{plan.version}</strong>, one at a
            time in this order. Each is made Non-Ready, drained, restarted into the new version, checked and made Ready
            again.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <div className="space-y-3 text-sm">
          <ol className="max-h-48 list-inside list-decimal overflow-y-auto rounded border border-border px-3 py-2">
            {plan.order.map((n) => (
              <li key={n.id} data-testid="confirm-node">
                <span className="font-medium">{n.name}</span>{' '}
                <span className="text-xs text-muted-foreground">
                  {n.version ?? '?'} · {sessions(n.sessions)}
                </span>
              </li>
            ))}
          </ol>
          <p data-testid="confirm-sessions">
            <strong>{sessions(total)}</strong> to drain now. Each node waits up to {plan.drainDeadlineSeconds} s, then{' '}
            {plan.deadlineAction === 'wait' ? 'keeps waiting for its sessions to end' : 'ends the sessions left'}
            {plan.pauseAfterEachNode ? '; the run pauses after each node' : ''}.
          </p>
          {error && (
            <p role="alert" className="rounded border border-danger-border bg-danger-soft px-3 py-2 text-danger-strong">
              {summaryOf(error, [])}
            </p>
          )}
        </div>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction
            disabled={pending}
            aria-busy={pending}
            onClick={(e) => {
              // Stay open until the server answers: success navigates away, a refusal is shown here.
              e.preventDefault();
              onConfirm();
            }}
          >
            {pending ? 'Starting…' : `Upgrade ${nodes(plan.order.length)}`}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
