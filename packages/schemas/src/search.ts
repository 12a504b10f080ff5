import { z } from 'zod';

import { zText } from './common';

/** What the command palette typed: a few characters of a node, domain or account name. */
export const ZPaletteSearch = z.object({
  q: zText(100).trim().min(1, 'Type something to search for.'),
});
