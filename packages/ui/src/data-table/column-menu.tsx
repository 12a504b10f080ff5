'use client';

import type { Table } from '@tanstack/react-table';
import { DropdownMenu } from 'radix-ui';

/** "Columns": a menu of checkboxes to hide and show the table's columns (at least one stays). */
export function ColumnMenu<T>({ table }: { table: Table<T> }) {
  const columns = table.getAllLeafColumns().filter((c) => c.getCanHide());
  const visible = table.getVisibleLeafColumns().length;
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="rounded border border-slate-300 bg-white px-2.5 py-1 text-sm text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-200">
        Columns
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={4}
          className="z-50 min-w-44 rounded-md border border-slate-200 bg-white p-1 text-sm shadow-md dark:border-slate-700 dark:bg-slate-900"
        >
          <DropdownMenu.Label className="px-2 py-1 text-xs font-semibold text-slate-500">
            Show columns
          </DropdownMenu.Label>
          {columns.map((column) => {
            const meta = column.columnDef.meta;
            const header = column.columnDef.header;
            const name = meta?.label ?? (typeof header === 'string' ? header : column.id);
            const shown = column.getIsVisible();
            return (
              <DropdownMenu.CheckboxItem
                key={column.id}
                checked={shown}
                disabled={shown && visible === 1}
                onCheckedChange={(value) => column.toggleVisibility(value)}
                // Keep the menu open to toggle several columns in a row.
                onSelect={(event) => event.preventDefault()}
                className="flex cursor-default items-center gap-2 rounded px-2 py-1 outline-none data-[disabled]:opacity-50 data-[highlighted]:bg-slate-100 dark:data-[highlighted]:bg-slate-800"
              >
                <span aria-hidden className="w-3 text-brand-600">
                  <DropdownMenu.ItemIndicator>✓</DropdownMenu.ItemIndicator>
                </span>
                {name}
              </DropdownMenu.CheckboxItem>
            );
          })}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
