'use client';

import { Command } from 'cmdk';
import { Dialog as DialogPrimitive, VisuallyHidden } from 'radix-ui';
import type { ReactNode } from 'react';

import { cn } from './cn';

export interface CommandGroupItems {
  heading: string;
  items: { id: string; label: string; hint?: ReactNode; onSelect: () => void }[];
}

/**
 * A command palette: a dialog with one search field and a list the arrow keys walk and Enter picks.
 * The caller ranks and filters (cmdk's own filter is off), so the order shown is the caller's.
 */
export function CommandPalette({
  open,
  onOpenChange,
  query,
  onQueryChange,
  groups,
  status,
  placeholder = 'Go to a page, node, domain or account…',
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  query: string;
  onQueryChange: (query: string) => void;
  groups: CommandGroupItems[];
  /** Shown under the list: "Searching…", an error. */
  status?: ReactNode;
  placeholder?: string;
}) {
  return (
    <DialogPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-overlay" />
        <DialogPrimitive.Content
          aria-describedby={undefined}
          className="fixed left-1/2 top-[12vh] z-50 w-[min(40rem,calc(100vw-2rem))] -translate-x-1/2 overflow-hidden rounded-lg border border-border bg-popover text-popover-foreground shadow-xl"
        >
          <VisuallyHidden.Root asChild>
            <DialogPrimitive.Title>Command palette</DialogPrimitive.Title>
          </VisuallyHidden.Root>
          <Command shouldFilter={false} loop label="Search the console">
            <Command.Input
              value={query}
              onValueChange={onQueryChange}
              placeholder={placeholder}
              className="w-full border-b border-border bg-transparent px-4 py-3 text-sm outline-none placeholder:text-muted-foreground"
            />
            <Command.List className="max-h-[min(24rem,60vh)] overflow-y-auto p-1.5">
              <Command.Empty className="px-3 py-6 text-center text-sm text-muted-foreground">No matches.</Command.Empty>
              {groups
                .filter((g) => g.items.length > 0)
                .map((g) => (
                  <Command.Group
                    key={g.heading}
                    heading={g.heading}
                    className="[&_[cmdk-group-heading]]:px-2.5 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-muted-foreground"
                  >
                    {g.items.map((item) => (
                      <Command.Item
                        key={item.id}
                        value={item.id}
                        onSelect={item.onSelect}
                        className={cn(
                          'flex cursor-pointer items-center justify-between gap-3 rounded-md px-2.5 py-2 text-sm',
                          'data-[selected=true]:bg-accent data-[selected=true]:text-accent-foreground',
                        )}
                      >
                        <span className="truncate">{item.label}</span>
                        {item.hint && <span className="shrink-0 text-xs text-secondary-foreground">{item.hint}</span>}
                      </Command.Item>
                    ))}
                  </Command.Group>
                ))}
            </Command.List>
            {status && <div className="border-t border-border px-4 py-2 text-xs text-muted-foreground">{status}</div>}
          </Command>
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}
