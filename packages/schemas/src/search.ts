import { z } from 'zod';

/** What the command palette typed: a few characters of a node, domain or account name. */
export const ZPaletteSearch = z.object({
  q: z.string().trim().min(1, 'Type something to search for.').max(100),
});
