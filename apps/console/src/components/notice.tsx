'use client';

import { useEffect, useRef, type ReactNode } from 'react';

import { toast } from '@cc/ui';

/**
 * A success message after a mutation, shown as a toast. One toast per `testId`: a newer message
 * replaces the older one instead of stacking. Closing the toast by hand calls `onDismiss` (the page
 * may drop what went with it); letting it time out leaves the page as it is.
 */
export function Notice({
  children,
  onDismiss,
  testId = 'notice',
}: {
  children: ReactNode;
  onDismiss: () => void;
  testId?: string;
}) {
  const dismiss = useRef(onDismiss);
  useEffect(() => {
    dismiss.current = onDismiss;
  });
  useEffect(() => {
    toast.success(<span data-testid={testId}>{children}</span>, {
      id: testId,
      duration: 6000,
      onDismiss: () => dismiss.current(),
    });
    // A new message (children) raises the toast again; a re-render with the same text does not.
  }, [children, testId]);
  return null;
}
