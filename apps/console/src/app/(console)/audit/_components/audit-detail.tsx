'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { ReactNode } from 'react';

import { Modal } from '~/components/modal';
import { buttonClass, ErrorPanel } from '~/components/panel';
import { useTRPC } from '~/trpc/react';

import { targetHref } from './filter-state';
import { OutcomeBadge } from './outcome-badge';
import type { AuditDiffRow } from './types';
import { type ColumnDef, DataTable, type RowAttributes, useFormat } from '@cc/ui';

export function AuditDetail({ id, onClose }: { id: string | null; onClose: () => void }) {
  return (
    <Modal open={id !== null} onClose={onClose} title={id ? `Audit entry ${id}` : 'Audit entry'} width="max-w-4xl">
      {id && <DetailBody id={id} />}
      <div className="mt-4 flex justify-end border-t border-border pt-3">
        <button type="button" onClick={onClose} className={buttonClass.secondary}>
          Close
        </button>
      </div>
    </Modal>
  );
}

function DetailBody({ id }: { id: string }) {
  const fmt = useFormat();
  const trpc = useTRPC();
  const entry = useQuery(trpc.audit.get.queryOptions({ id }));
  if (entry.error) return <ErrorPanel>Could not load the entry: {entry.error.message}</ErrorPanel>;
  if (!entry.data) return <p className="text-sm text-muted-foreground">Loading…</p>;
  const e = entry.data;
  const href = targetHref(e);
  const target = e.targetName ?? e.targetId;
  return (
    <div data-testid="audit-detail" className="space-y-4 text-sm">
      <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-1.5">
        <Fact label="Time">{fmt.dateTime(e.at)}</Fact>
        <Fact label="Actor">
          {e.actorEmail ?? '—'} {e.actorRole && <span className="text-muted-foreground">({e.actorRole})</span>}
        </Fact>
        <Fact label="From">
          {e.sourceIp ?? '—'} <span className="text-muted-foreground">{e.userAgent}</span>
        </Fact>
        <Fact label="Action">
          <code>{e.action}</code> <OutcomeBadge outcome={e.outcome} />
        </Fact>
        <Fact label="Target">
          {e.targetType && <span className="text-muted-foreground">{e.targetType} </span>}
          {href && target ? (
            <Link href={href} className="text-primary hover:underline">
              {target}
            </Link>
          ) : (
            (target ?? '—')
          )}
          {e.domain && <span className="text-muted-foreground"> · {e.domain}</span>}
        </Fact>
        {e.error && (
          <Fact label="Error">
            <span data-testid="audit-error" className="whitespace-pre-wrap text-danger-strong">
              {e.error}
            </span>
          </Fact>
        )}
      </dl>
      <DiffTable diff={e.diff} />
      <details className="rounded border border-border p-2">
        <summary className="cursor-pointer text-xs text-secondary-foreground">Raw values and chain link</summary>
        <div className="mt-2 grid gap-2 md:grid-cols-2">
          <Raw label="Before" value={e.before} />
          <Raw label="After" value={e.after} />
        </div>
        <p className="mt-2 break-all font-mono text-xs text-muted-foreground">
          prev {e.prevHash}
          <br />
          hash {e.hash}
        </p>
      </details>
    </div>
  );
}

const CHANGE_STYLE: Record<AuditDiffRow['change'], string> = {
  changed: 'bg-warning-soft',
  added: 'bg-success-soft',
  removed: 'bg-danger-soft',
  same: '',
};

const diffPath = (d: AuditDiffRow) => d.path;
const diffRow = (d: AuditDiffRow): RowAttributes => ({
  'data-testid': 'diff-row',
  'data-key': d.path,
  'data-change': d.change,
  className: `align-top ${CHANGE_STYLE[d.change]}`,
});

const DIFF_COLUMNS: ColumnDef<AuditDiffRow, unknown>[] = [
  {
    id: 'key',
    accessorFn: (d) => d.path,
    header: 'Key',
    size: 160,
    meta: { rowHeader: true, cellClassName: 'break-all px-2 py-1 font-mono' },
    cell: ({ row: { original: d } }) => (
      <>
        {d.path || '(value)'}
        {d.change !== 'same' && <span className="ml-1 text-[10px] uppercase text-muted-foreground">{d.change}</span>}
      </>
    ),
  },
  {
    id: 'before',
    header: 'Before',
    size: 160,
    meta: { grow: true, cellClassName: 'break-all px-2 py-1 font-mono' },
    cell: ({ row }) => show(row.original.before),
  },
  {
    id: 'after',
    header: 'After',
    size: 160,
    meta: { grow: true, cellClassName: 'break-all px-2 py-1 font-mono' },
    cell: ({ row }) => show(row.original.after),
  },
];

/** Before and after side by side, one row per key; changed keys are highlighted and labelled. */
function DiffTable({ diff }: { diff: AuditDiffRow[] }) {
  if (diff.length === 0) return <p className="text-muted-foreground">No values were recorded for this entry.</p>;
  return (
    <DataTable
      label="Values before and after"
      testId="audit-diff"
      data={diff}
      columns={DIFF_COLUMNS}
      getRowId={diffPath}
      rowAttributes={diffRow}
      enableSorting={false}
      tableClassName="text-xs"
    />
  );
}

function show(v: unknown): string {
  return v === undefined ? '' : JSON.stringify(v);
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}

function Raw({ label, value }: { label: string; value: unknown }) {
  return (
    <div>
      <p className="text-xs font-medium text-secondary-foreground">{label}</p>
      <pre className="max-h-64 overflow-auto rounded bg-muted/60 p-2 text-xs">{JSON.stringify(value, null, 2)}</pre>
    </div>
  );
}
