'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';

import type { AccountWhere, EndAccountSessionsResult } from '~/components/api-types';
import { ConfirmStep } from '~/components/confirm-step';
import { errorCodeOf } from '~/components/form-errors';
import { Modal } from '~/components/modal';
import { buttonClass, ErrorPanel, Panel } from '~/components/panel';
import { RelativeTime } from '~/components/relative-time';
import { useTRPC } from '~/trpc/react';
import { type ColumnDef, DataTable, type Formatter, type RowAttributes, type SortingState, useFormat } from '@cc/ui';

/** Sessions come and go by the second; every 3 s keeps the answer current without flooding nodes. */
const WHERE_POLL_MS = 3000;
const PROTOCOLS = ['imap', 'pop', 'smtp', 'http'] as const;

function sessions(fmt: Formatter, n: number): string {
  return fmt.count(n, 'session');
}

/** Where the account is open right now, asked of every live node; and ending all its sessions. */
export function OpenNow({ address, canEdit }: { address: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const where = useQuery(
    trpc.accounts.where.queryOptions(
      { address },
      {
        // A gone account (404) or a refusal will not change by asking again.
        refetchInterval: (q) =>
          ['NOT_FOUND', 'FORBIDDEN'].includes(q.state.error?.data?.code ?? '') ? false : WHERE_POLL_MS,
      },
    ),
  );
  const [confirming, setConfirming] = useState(false);
  const [ended, setEnded] = useState<EndAccountSessionsResult | null>(null);
  const data = where.data;
  const open = data ? total(data.sessions) : 0;

  return (
    <Panel
      title="Open now"
      testId="open-now"
      actions={
        <>
          {data && (
            <span className="text-xs text-muted-foreground">
              checked <RelativeTime date={data.checkedAt} />
            </span>
          )}
          {canEdit && (
            <button type="button" onClick={() => setConfirming(true)} className={buttonClass.dangerOutline}>
              End all sessions
            </button>
          )}
        </>
      }
    >
      {!data ? (
        where.error ? (
          <ErrorPanel>Could not ask the nodes: {where.error.message}</ErrorPanel>
        ) : (
          <p className="text-sm text-muted-foreground">Asking the nodes…</p>
        )
      ) : (
        <WhereAnswer data={data} open={open} stale={Boolean(where.error) && errorCodeOf(where.error) !== 'NOT_FOUND'} />
      )}
      {ended && <EndedResult result={ended} onDismiss={() => setEnded(null)} />}

      {canEdit && (
        <Modal open={confirming} onClose={() => setConfirming(false)} title="End all sessions" width="max-w-md">
          <EndSessionsConfirm
            address={address}
            open={open}
            onCancel={() => setConfirming(false)}
            onEnded={(result) => {
              setConfirming(false);
              setEnded(result);
            }}
          />
        </Modal>
      )}
    </Panel>
  );
}

function total(s: Record<(typeof PROTOCOLS)[number], number>): number {
  return PROTOCOLS.reduce((sum, p) => sum + s[p], 0);
}

function nodes(n: number): string {
  return `${n} ${n === 1 ? 'node' : 'nodes'}`;
}

function WhereAnswer({ data, open, stale }: { data: AccountWhere; open: number; stale: boolean }) {
  const fmt = useFormat();
  return (
    <div className="space-y-3 text-sm">
      <p data-testid="open-summary" className="font-medium">
        {data.nodesOpen === 0 ? 'Not open on any node.' : `Open on ${nodes(data.nodesOpen)}: ${sessions(fmt, open)}.`}
        {stale && (
          <span className="ml-2 text-xs font-normal text-warning-strong">Last answer; asking again failed.</span>
        )}
      </p>
      {data.detail === 'nodes' ? (
        <NodeBreakdown data={data} />
      ) : (
        <>
          {data.nodesOpen > 0 && (
            <dl data-testid="open-protocols" className="flex flex-wrap gap-x-6 gap-y-1">
              {PROTOCOLS.map((p) => (
                <div key={p} className="flex gap-1.5">
                  <dt className="text-xs font-semibold uppercase text-muted-foreground">{p}</dt>
                  <dd className="tabular-nums">{fmt.integer(data.sessions[p])}</dd>
                </div>
              ))}
            </dl>
          )}
          {/* Which nodes is the cluster's business: a domain administrator learns only how complete the count is. */}
          {data.nodesUnanswered + data.nodesNotAsked > 0 && (
            <p
              data-testid="where-incomplete"
              className="rounded border border-warning-border bg-warning-soft px-3 py-2 text-warning-strong"
            >
              {nodes(data.nodesUnanswered + data.nodesNotAsked)} could not be asked right now; sessions there, if any,
              are not counted.
            </p>
          )}
        </>
      )}
    </div>
  );
}

type NodeWhere = Extract<AccountWhere, { detail: 'nodes' }>;

type OpenOn = NodeWhere['openOn'][number];
const openNodeId = (o: OpenOn) => o.node.id;
const openNodeRow = (o: OpenOn): RowAttributes => ({ 'data-testid': 'open-node', 'data-node-name': o.node.name });
const BY_NODE: SortingState = [{ id: 'node', desc: false }];

function NodeBreakdown({ data }: { data: NodeWhere }) {
  const fmt = useFormat();
  const columns = useMemo<ColumnDef<OpenOn, unknown>[]>(
    () => [
      {
        id: 'node',
        accessorFn: (o) => o.node.name,
        header: 'Node',
        size: 144,
        meta: { grow: true, cellClassName: 'font-medium' },
      },
      ...PROTOCOLS.map((p): ColumnDef<OpenOn, unknown> => ({
        id: p,
        accessorFn: (o) => o.sessions[p],
        header: p.toUpperCase(),
        size: 80,
        meta: { align: 'right', cellClassName: 'tabular-nums' },
        cell: ({ row }) => fmt.integer(row.original.sessions[p]),
      })),
      {
        id: 'total',
        accessorFn: (o) => total(o.sessions),
        header: 'Total',
        size: 88,
        meta: { align: 'right', cellClassName: 'font-medium tabular-nums' },
        cell: ({ row }) => fmt.integer(total(row.original.sessions)),
      },
    ],
    [fmt],
  );
  return (
    <>
      {data.openOn.length > 0 && (
        <div className="max-w-2xl">
          <DataTable
            label="Open sessions per node"
            data={data.openOn}
            columns={columns}
            getRowId={openNodeId}
            rowAttributes={openNodeRow}
            initialSorting={BY_NODE}
          />
        </div>
      )}
      {data.errors.length > 0 && (
        <div
          data-testid="where-errors"
          className="rounded border border-warning-border bg-warning-soft px-3 py-2 text-warning-strong"
        >
          <p className="font-medium">
            No answer from {data.errors.length === 1 ? 'one node' : `${data.errors.length} nodes`}:
          </p>
          <ul className="mt-1 space-y-0.5 text-xs">
            {data.errors.map(({ node, error }) => (
              <li key={node.id} data-node-name={node.name}>
                <span className="font-medium">{node.name}</span>: {error}
              </li>
            ))}
          </ul>
        </div>
      )}
      {data.notAsked.length > 0 && (
        <p data-testid="where-not-asked" className="text-xs text-secondary-foreground">
          Not asked (down): {data.notAsked.map((n) => n.name).join(', ')}. Sessions there, if any, are not counted.
        </p>
      )}
    </>
  );
}

function EndSessionsConfirm({
  address,
  open,
  onCancel,
  onEnded,
}: {
  address: string;
  open: number;
  onCancel: () => void;
  onEnded: (result: EndAccountSessionsResult) => void;
}) {
  const fmt = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const end = useMutation(
    trpc.accounts.endSessions.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries(trpc.accounts.where.queryFilter({ address }));
        onEnded(result);
      },
    }),
  );
  return (
    <ConfirmStep
      error={end.error}
      pending={end.isPending}
      confirmLabel="End all sessions"
      pendingLabel="Ending…"
      onCancel={onCancel}
      onConfirm={() => end.mutate({ address })}
    >
      End every session of <strong className="font-semibold">{address}</strong> on every node
      {open > 0 && ` (${sessions(fmt, open)} open now)`}? Its users are disconnected; mail clients reconnect unless the
      account is disabled.
    </ConfirmStep>
  );
}

function EndedResult({ result, onDismiss }: { result: EndAccountSessionsResult; onDismiss: () => void }) {
  const fmt = useFormat();
  const failed = result.nodesFailed;
  return (
    <div
      role="status"
      data-testid="end-sessions-result"
      className="mt-3 rounded-md border border-success-border bg-success-soft px-4 py-2.5 text-sm text-success-strong"
    >
      <div className="flex items-start">
        <p className="flex-1 font-medium">Ended {sessions(fmt, result.ended)}.</p>
        <button type="button" onClick={onDismiss} aria-label="Dismiss" className="px-1 text-success-strong">
          ×
        </button>
      </div>
      {result.detail === 'nodes' ? (
        <>
          <ul className="mt-1 space-y-0.5 text-xs">
            {result.nodes.map((n) => (
              <li key={n.node} data-node-name={n.node} className={n.error ? 'text-danger-strong' : undefined}>
                <span className="font-medium">{n.node}</span>:{' '}
                {n.error ? `failed — ${n.error}` : `${fmt.integer(n.ended)} ended`}
              </li>
            ))}
          </ul>
          {result.notAsked.length > 0 && (
            <p className="mt-1 text-xs text-warning-strong">
              Not asked (down): {result.notAsked.map((n) => n.name).join(', ')}.
            </p>
          )}
        </>
      ) : (
        <p data-testid="end-sessions-nodes" className="mt-1 text-xs">
          Asked {nodes(result.nodesAsked)}
          {failed > 0 && `; ${failed} did not answer`}
          {result.nodesNotAsked > 0 && `; ${nodes(result.nodesNotAsked)} could not be asked (down)`}.
        </p>
      )}
      {failed > 0 && <p className="mt-1 text-xs text-danger-strong">Sessions on the failed nodes may still be open.</p>}
    </div>
  );
}
