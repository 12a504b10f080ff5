'use client';

import type { ReactNode } from 'react';

import { cn, Dialog, DialogContent, DialogTitle } from '@cc/ui';

/**
 * A modal dialog on the kit's Radix Dialog: focus is trapped and returns to the opener, Escape
 * closes, the page behind is inert, and the title names the dialog. A click outside does not close
 * it (as before), so a half-typed confirmation is not lost.
 */
export function Modal({
  open,
  onClose,
  title,
  children,
  width = 'max-w-lg',
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  width?: string;
}) {
  return (
    <Dialog open={open} onOpenChange={(next) => !next && onClose()}>
      <DialogContent
        className={cn('max-w-lg', width)}
        // The body says what the dialog is about; there is no separate description element.
        aria-describedby={undefined}
        onInteractOutside={(e) => e.preventDefault()}
      >
        <DialogTitle className="pr-6">{title}</DialogTitle>
        <div className="mt-4">{children}</div>
      </DialogContent>
    </Dialog>
  );
}
