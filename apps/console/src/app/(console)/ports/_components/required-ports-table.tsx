'use client';

import { formatPort, type RequiredPort } from '@cc/ports';
import { type ColumnDef, DataTable, type RowAttributes } from '@cc/ui';

const portKey = (p: RequiredPort) => `${p.service}-${formatPort(p.port)}-${p.transport}`;
const portRow = (): RowAttributes => ({ 'data-testid': 'required-port' });

const COLUMNS: ColumnDef<RequiredPort, unknown>[] = [
  {
    id: 'service',
    accessorFn: (p) => p.service,
    header: 'Service',
    size: 160,
    meta: { cellClassName: 'font-medium' },
    cell: ({ row: { original: p } }) => (
      <>
        {p.service}
        {p.optional && <span className="ml-1 text-xs font-normal text-muted-foreground">optional</span>}
      </>
    ),
  },
  {
    id: 'port',
    accessorFn: (p) => `${formatPort(p.port)}/${p.transport}`,
    header: 'Port',
    size: 112,
    meta: { align: 'right', cellClassName: 'font-mono' },
  },
  { id: 'direction', accessorFn: (p) => p.direction, header: 'Direction', size: 104 },
  { id: 'to', accessorFn: (p) => p.roles.join(', '), header: 'To', size: 160 },
  {
    id: 'from',
    accessorFn: (p) => p.from,
    header: 'From',
    size: 160,
    meta: { cellClassName: 'text-secondary-foreground' },
  },
  {
    id: 'why',
    accessorFn: (p) => p.why,
    header: 'Why',
    size: 224,
    meta: { grow: true, cellClassName: 'text-secondary-foreground' },
  },
];

export function RequiredPortsTable({ ports }: { ports: RequiredPort[] }) {
  return (
    <DataTable
      label="Required ports"
      data={ports}
      columns={COLUMNS}
      getRowId={portKey}
      rowAttributes={portRow}
      className="rounded-none border-0"
    />
  );
}
