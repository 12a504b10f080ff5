'use client';

import { useEffect, useState } from 'react';

/**
 * A message for the page a client navigation lands on ("Renamed from …", "Deleted …"), with the
 * change's revision for its propagation status. Kept in memory, not the URL: it cannot be forged by
 * a link, and a reload does not repeat it.
 */
export interface Flash {
  path: string;
  message: string;
  revision?: bigint;
}

/** What the last action on a page changed, and the revision nodes are applying. */
export type Change = Omit<Flash, 'path'>;

let pending: Flash | null = null;

export function setFlash(flash: Flash): void {
  pending = flash;
}

/** The flash meant for `path`, read once when the page mounts. */
export function useFlash(path: string): Flash | null {
  const [flash] = useState(() => (pending?.path === path ? pending : null));
  useEffect(() => {
    if (pending?.path === path) pending = null;
  }, [path]);
  return flash;
}
