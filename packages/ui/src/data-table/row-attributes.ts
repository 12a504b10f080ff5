import type { HTMLAttributes } from 'react';

/** HTML attributes for a row: test ids, data-* state, a tone class. */
export type RowAttributes = HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | undefined>;
