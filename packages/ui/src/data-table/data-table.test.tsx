import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { type ColumnDef, DataTable, type RowAttributes } from '.';

interface Account {
  id: string;
  name: string;
  quota: number;
}

const COLUMNS: ColumnDef<Account, unknown>[] = [
  { id: 'name', accessorFn: (a) => a.name, header: 'Name', size: 160, meta: { grow: true } },
  { id: 'quota', accessorFn: (a) => a.quota, header: 'Quota', size: 96, meta: { align: 'right' } },
];
const getId = (a: Account) => a.id;
const accounts = (names: string[]): Account[] => names.map((name, i) => ({ id: String(i), name, quota: 100 - i }));
const rowNames = () =>
  within(screen.getAllByRole('rowgroup')[1]!)
    .queryAllByRole('row')
    .map((r) => within(r).queryAllByRole('cell')[0]?.textContent);

describe('DataTable', () => {
  it('is a labelled table whose sortable headers are buttons with aria-sort, in natural order', () => {
    render(
      <DataTable
        label="Accounts"
        data={accounts(['user10', 'user2', 'user1', 'user100'])}
        columns={COLUMNS}
        getRowId={getId}
        initialSorting={[{ id: 'name', desc: false }]}
      />,
    );
    expect(screen.getByRole('table', { name: 'Accounts' })).toBeTruthy();
    const name = screen.getByRole('columnheader', { name: /Name/ });
    expect(name.getAttribute('aria-sort')).toBe('ascending');
    expect(rowNames()).toEqual(['user1', 'user2', 'user10', 'user100']);

    fireEvent.click(within(name).getByRole('button'));
    expect(name.getAttribute('aria-sort')).toBe('descending');
    expect(rowNames()).toEqual(['user100', 'user10', 'user2', 'user1']);

    const quota = screen.getByRole('columnheader', { name: /Quota/ });
    expect(quota.getAttribute('aria-sort')).toBe('none');
    fireEvent.click(within(quota).getByRole('button'));
    // Numbers sort largest first on the first click.
    expect(quota.getAttribute('aria-sort')).toBe('descending');
    expect(rowNames()).toEqual(['user10', 'user2', 'user1', 'user100']);
  });

  it('leaves the order to the page with manual sorting and reports header clicks', () => {
    const onSortingChange = vi.fn();
    render(
      <DataTable
        label="Accounts"
        data={accounts(['b', 'a'])}
        columns={COLUMNS}
        getRowId={getId}
        manualSorting
        sorting={[{ id: 'name', desc: true }]}
        onSortingChange={onSortingChange}
      />,
    );
    expect(rowNames()).toEqual(['b', 'a']);
    fireEvent.click(within(screen.getByRole('columnheader', { name: /Name/ })).getByRole('button'));
    expect(onSortingChange).toHaveBeenCalled();
  });

  it('shows the empty state in one cell across the columns', () => {
    render(<DataTable label="Accounts" data={[]} columns={COLUMNS} getRowId={getId} empty="No accounts yet." />);
    const cell = screen.getByRole('cell', { name: 'No accounts yet.' });
    expect(cell.getAttribute('colspan')).toBe('2');
  });

  it('gives the table a minimum width from its columns, so none collapses', () => {
    render(<DataTable label="Accounts" data={accounts(['a'])} columns={COLUMNS} getRowId={getId} />);
    expect(screen.getByRole('table').style.minWidth).toBe('256px');
  });

  it('renders only the rows in view of a long list', () => {
    // jsdom lays nothing out: give the scroll container a laptop screen's height.
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(720);
    render(
      <DataTable
        label="Accounts"
        data={accounts(Array.from({ length: 500 }, (_, i) => `user${i}`))}
        columns={COLUMNS}
        getRowId={getId}
      />,
    );
    const rows = within(screen.getAllByRole('rowgroup')[1]!).getAllByRole('row');
    // Spacer rows are hidden from assistive technology; the rest are real rows, far fewer than 500.
    expect(rows.length).toBeLessThanOrEqual(60);
    expect(rows.length).toBeGreaterThan(10);
    expect(screen.getByRole('table').getAttribute('aria-rowcount')).toBe('501');
    vi.restoreAllMocks();
  });

  it('re-renders only rows whose data changed', () => {
    const renders: string[] = [];
    const columns: ColumnDef<Account, unknown>[] = [
      {
        id: 'name',
        header: 'Name',
        cell: ({ row }) => {
          renders.push(row.original.name);
          return row.original.name;
        },
      },
    ];
    const data = accounts(['a', 'b', 'c']);
    const { rerender } = render(<DataTable label="Live" data={data} columns={columns} getRowId={getId} />);
    expect(renders).toEqual(['a', 'b', 'c']);
    renders.length = 0;
    // A live update that changes one row keeps the other rows' objects, as React Query does.
    const next = data.map((a) => (a.name === 'b' ? { ...a, quota: 1 } : a));
    rerender(<DataTable label="Live" data={next} columns={columns} getRowId={getId} />);
    expect(renders).toEqual(['b']);
  });

  it('follows the first link when a row is clicked outside its controls', () => {
    const attrs = (): RowAttributes => ({ 'data-testid': 'row' });
    const columns: ColumnDef<Account, unknown>[] = [
      { id: 'name', header: 'Name', cell: ({ row }) => <a href={`#${row.original.name}`}>{row.original.name}</a> },
      { id: 'quota', accessorFn: (a) => a.quota, header: 'Quota' },
    ];
    render(
      <DataTable
        label="Linked"
        data={accounts(['x'])}
        columns={columns}
        getRowId={getId}
        rowAttributes={attrs}
        rowLink
      />,
    );
    const link = screen.getByRole('link', { name: 'x' });
    const clicked = vi.fn((e: Event) => e.preventDefault());
    link.addEventListener('click', clicked);
    fireEvent.click(screen.getByRole('cell', { name: '100' }));
    expect(clicked).toHaveBeenCalledTimes(1);
  });
});
