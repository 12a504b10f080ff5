import { ZPaletteSearch } from '@cc/schemas';

import { paletteSearch } from '../services/search/palette';
import { createTRPCRouter, procedure } from '../trpc';

export const searchRouter = createTRPCRouter({
  palette: procedure
    .input(ZPaletteSearch)
    .query(({ ctx, input }) => paletteSearch(ctx.db.prisma, ctx.user.role, ctx.domains, input.q)),
});
