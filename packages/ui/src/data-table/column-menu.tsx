'use client';

import type { Table } from '@tanstack/react-table';
import { DropdownMenu } from 'radix-ui';

/** "Columns": a menu of checkboxes to hide and show the table's columns (at least one stays). */
export function ColumnMenu<T>({ table }: { table: Table<T> }) {
  const columns = table.getAllLeafColumns().filter((c) => c.getCanHide());
  const visible = table.getVisibleLeafColumns().length;
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="rounded border border-input bg-card px-2.5 py-1 text-sm text-secondary-foreground hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring">
        Columns
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={4}
          className="z-50 min-w-44 rounded-md border border-border bg-popover p-1 text-sm text-popover-foreground shadow-md"
        >
          <DropdownMenu.Label className="px-2 py-1 text-xs font-semibold text-muted-foreground">
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
                className="flex cursor-default items-center gap-2 rounded px-2 py-1 outline-none data-[disabled]:opacity-50 data-[highlighted]:bg-muted"
              >
                <span aria-hidden className="w-3 text-primary">
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
